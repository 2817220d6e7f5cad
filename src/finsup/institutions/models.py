from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.core import clock
from finsup.core.append_only import AppendOnly
from finsup.core.personal_data import EncryptedTextField, mask_id_number, mask_phone
from finsup.core.scoping import Scope, ScopedManager
from finsup.core.validators import validate_credit_code

from .choices import (
    ApprovalStatus,
    DecisionItem,
    GroupBasis,
    HolderType,
    InstitutionKind,
    InstitutionStatus,
    Position,
    Relation,
)

MONEY = {"max_digits": 18, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Institution(models.Model):
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices, db_index=True)
    county = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="institutions", verbose_name=_("county")
    )
    business_region = models.ManyToManyField(
        "accounts.Office", related_name="+", blank=True, verbose_name=_("approved business region")
    )
    registered_capital = models.DecimalField(_("registered capital (yuan)"), **MONEY)
    paid_in_capital = models.DecimalField(_("paid-in capital (yuan)"), **MONEY)
    established_on = models.DateField(_("established on"))
    approved_on = models.DateField(_("approved on"))
    approval_doc_no = models.CharField(_("approval document number"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.PREPARING,
        db_index=True,
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    lead_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_institutions",
        verbose_name=_("lead supervisor"),
    )
    lead_supervisor_filed_on = models.DateField(_("lead supervisor filed with the city on"), null=True, blank=True)
    # The online microloan caps per borrower bind companies licensed for online lending (网络小额贷款);
    # the loan feed does not say which loans were made online, the licence does.
    online_lending = models.BooleanField(
        _("licensed for online microloan business"),
        default=False,
        help_text=_("Microloan companies only: approved to lend online (网络小额贷款业务)."),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope = Scope(office="county", institution="pk")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["county__code", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="institution_capital_non_negative",
                condition=models.Q(registered_capital__gte=0, paid_in_capital__gte=0),
                violation_error_message=_("Capital cannot be negative."),
            ),
            models.CheckConstraint(
                name="institution_paid_in_within_registered",
                condition=models.Q(paid_in_capital__lte=models.F("registered_capital")),
                violation_error_message=_("Paid-in capital cannot exceed registered capital."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("institutions:detail", args=[self.pk])

    @property
    def feeds_loans(self) -> bool:
        """Loan-level data come only from microloan companies (what the users' policies ask, so that
        they need not know the registry's kinds)."""
        return self.kind == InstitutionKind.MICROLOAN

    @property
    def audit_office_path(self) -> str:
        return self.county.path

    @property
    def audit_subject(self) -> str:
        return f"institutions.institution:{self.pk}"


class InstitutionChild(models.Model):
    """Rows that belong to one institution and are scoped through it."""

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        abstract = True

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject


class StatusChange(AppendOnly, InstitutionChild):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("previous status"), max_length=20, choices=InstitutionStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=InstitutionStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    document_no = models.CharField(_("document number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.institution}: {self.from_status or '—'} → {self.to_status}"


class ShareholderGroup(InstitutionChild):
    """Shareholders of one institution that are related parties of each other (common control,
    close relatives, acting in concert): where a rule limits a shareholder "with its related
    parties", the group's holdings count as one."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="shareholder_groups")
    name = models.CharField(_("name"), max_length=100)
    basis = models.CharField(_("basis of the relation"), max_length=20, choices=GroupBasis.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("related shareholder group")
        verbose_name_plural = _("related shareholder groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="shareholder_group_unique_name",
                violation_error_message=_("The institution already has a group of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Shareholder(InstitutionChild):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="shareholders")
    name = models.CharField(_("name"), max_length=100)
    holder_type = models.CharField(_("holder type"), max_length=20, choices=HolderType.choices)
    # A person's resident ID number (encrypted) or an enterprise's credit code (public).
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    stake = models.DecimalField(
        _("stake (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    subscribed_capital = models.DecimalField(_("subscribed capital (yuan)"), **MONEY)
    since = models.DateField(_("shareholder since"), null=True, blank=True)
    # RESTRICT: a group with members is not deleted (the service says so); the institution's
    # deletion, which removes both, still may.
    related_group = models.ForeignKey(
        ShareholderGroup,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("related shareholder group"),
        help_text=_(
            "Shareholders of one group count together where a rule limits a shareholder with its related parties."
        ),
    )

    audit_masks = {"id_number": mask_id_number}

    class Meta:
        verbose_name = _("shareholder")
        verbose_name_plural = _("shareholders")
        ordering = ["-stake", "name"]
        constraints = [
            models.CheckConstraint(
                name="shareholder_stake_range",
                condition=models.Q(stake__gte=0, stake__lte=100),
                violation_error_message=_("A stake is between 0% and 100%."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RelatedParty(InstitutionChild):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="related_parties")
    name = models.CharField(_("name"), max_length=100)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # A natural person declared (a key person's close relative): with the ID number the relation
    # graph recognises the person among the borrowers of the loan feed.
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    audit_masks = {"id_number": mask_id_number}

    class Meta:
        verbose_name = _("related party")
        verbose_name_plural = _("related parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""


class KeyPerson(InstitutionChild):
    """A director, supervisor or executive, with the fit-and-proper approval of the office."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="key_persons")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    id_number = EncryptedTextField(_("resident ID number"))
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    approval_status = models.CharField(
        _("fit-and-proper approval"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    approval_doc_no = models.CharField(_("approval document number"), max_length=60, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    took_office_on = models.DateField(_("took office on"), null=True, blank=True)
    left_office_on = models.DateField(_("left office on"), null=True, blank=True)

    audit_masks = {"id_number": mask_id_number, "phone": mask_phone}

    class Meta:
        verbose_name = _("director, supervisor or executive")
        verbose_name_plural = _("directors, supervisors and executives")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class TrainingRecord(models.Model):
    key_person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("course"), max_length=100)
    organizer = models.CharField(_("organiser"), max_length=100, blank=True)
    attended_on = models.DateField(_("attended on"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)

    scope = Scope(office="key_person__institution__county", institution="key_person__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-attended_on"]

    def __str__(self) -> str:
        return f"{self.key_person.name}: {self.course}"

    @property
    def audit_office_path(self) -> str:
        return self.key_person.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.key_person.institution.audit_subject


class DecisionChange(AppendOnly, InstitutionChild):
    """Append-only: one change a decision made to the registry (an establishment entered, a
    shareholding changed or ended, a person appointed or leaving office, capital, a closure), with
    what was there before (a shareholding's old stake and since when it was held) and after. The
    decision is a plain reference to the procedure that took it (`decision_source`, e.g.
    "licensing.application", and its key): the registry imports no app above it; the apps register
    how their decisions are linked (decision_links.py)."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="decision_changes")
    item = models.CharField(_("what changed"), max_length=20, choices=DecisionItem.choices)
    subject = models.CharField(_("of whom"), max_length=100, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    held_since = models.DateField(_("held since"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"))
    decision_source = models.CharField(_("decided in"), max_length=40)
    decision_id = models.PositiveBigIntegerField(_("decision"))
    document_no = models.CharField(_("decision document number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("change decided")
        verbose_name_plural = _("changes decided")
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["decision_source", "decision_id"], name="decision_change_decision")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.subject}".strip()
