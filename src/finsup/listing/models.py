"""The listing pipeline (上市后备资源库, duties ⑮⑯⑰): the companies of the city preparing to list,
each in the county office whose reserve it is in, with its way through the stages (append-only
records with the date, the evidence and who entered it), the subsidies the city grants it with
their payments (append-only), and, once listed, the restructurings the office follows.

The office's opinions on an applicant are official documents of finsup.documents whose subject is
the company: no table here. Money is in yuan (Decimal, two places); pages show 万元."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import Board, OfficeRole, RestructuringKind, RestructuringStatus, Stage

MONEY = {"max_digits": 16, "decimal_places": 2}


class Company(models.Model):
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("county"))
    name = models.CharField(_("company name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    board = models.CharField(_("target board"), max_length=20, choices=Board.choices)
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.CULTIVATION)
    stage_on = models.DateField(_("stage since"))
    stock_code = models.CharField(_("stock code"), max_length=20, blank=True)
    listed_on = models.DateField(_("listing date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("company preparing to list")
        verbose_name_plural = _("companies preparing to list")
        ordering = ["office__path", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="listed") | (~models.Q(stock_code="") & models.Q(listed_on__isnull=False)),
                name="listing_listed_has_code_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("listing:company", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"listing:company:{self.pk}"


class _OfCompany:
    @property
    def audit_office_path(self) -> str:
        return self.company.office.path

    @property
    def audit_subject(self) -> str:
        return f"listing:company:{self.company_id}"


class StageChange(_OfCompany, AppendOnly):
    """A move of the company to a stage: when it happened, the evidence (辅导备案公告, 受理通知,
    注册批复, 上市公告 …), and on listing the stock code and the amount raised."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="stages")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    happened_on = models.DateField(_("date"))
    evidence = models.CharField(_("evidence"), max_length=300)
    stock_code = models.CharField(_("stock code"), max_length=20, blank=True)
    ipo_amount = models.DecimalField(_("amount raised"), **MONEY, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("entered at"))

    scope = Scope(office="company__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        ordering = ["happened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ipo_amount__isnull=True) | models.Q(ipo_amount__gte=0), name="listing_ipo_amount"
            ),
        ]


class Subsidy(_OfCompany, AppendOnly):
    """A grant of the city's listing subsidy (上市奖补) under a provision, for a stage the company reached."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="subsidies")
    basis = models.CharField(_("policy basis"), max_length=300)
    for_stage = models.CharField(_("for the stage"), max_length=20, choices=Stage.choices)
    amount = models.DecimalField(_("amount granted"), **MONEY)
    granted_on = models.DateField(_("granted on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("entered at"))

    scope = Scope(office="company__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("listing subsidy")
        verbose_name_plural = _("listing subsidies")
        ordering = ["granted_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="listing_subsidy_amount")]

    def __str__(self) -> str:
        return self.basis


class SubsidyPayment(AppendOnly):
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount paid"), **MONEY)
    voucher = models.CharField(_("voucher number"), max_length=60)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("entered at"))

    scope = Scope(office="subsidy__company__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="listing_payment_amount")]

    @property
    def audit_office_path(self) -> str:
        return self.subsidy.company.office.path

    @property
    def audit_subject(self) -> str:
        return f"listing:company:{self.subsidy.company_id}"


class Restructuring(_OfCompany, models.Model):
    """A restructuring of a listed company the office follows (⑯), its status the latest update's."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="restructurings")
    kind = models.CharField(_("kind"), max_length=20, choices=RestructuringKind.choices)
    office_role = models.CharField(_("the office's part"), max_length=20, choices=OfficeRole.choices)
    counterparty = models.CharField(_("counterparty"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RestructuringStatus.choices, default=RestructuringStatus.PLANNED
    )
    started_on = models.DateField(_("started on"))
    status_on = models.DateField(_("status since"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered at"))

    scope = Scope(office="company__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("restructuring")
        verbose_name_plural = _("restructurings")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} {self.get_kind_display()}"


class RestructuringUpdate(AppendOnly):
    restructuring = models.ForeignKey(Restructuring, on_delete=models.PROTECT, related_name="updates")
    from_status = models.CharField(_("from"), max_length=20, choices=RestructuringStatus.choices, blank=True)
    to_status = models.CharField(_("status"), max_length=20, choices=RestructuringStatus.choices)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("entered at"))

    class Meta:
        ordering = ["happened_on", "pk"]
