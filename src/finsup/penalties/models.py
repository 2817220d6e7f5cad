"""Administrative-penalty cases (行政处罚案件) of the office against a supervised institution, their
history and their papers. A case reaches its office through the institution's county (as the
supervisory measures do); institutions do not see the case here: what is served on them reaches
them as documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import CaseStatus, PaperKind, ServiceManner

USER = settings.AUTH_USER_MODEL


class CaseRow(models.Model):
    """Audit entries of these rows are filed under the institution (its history shows them)."""

    class Meta:
        abstract = True

    def _case(self):
        raise NotImplementedError

    @property
    def audit_office_path(self) -> str:
        return self._case().institution.county.path

    @property
    def audit_subject(self) -> str:
        return self._case().institution.audit_subject


class PenaltyCase(CaseRow):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    # The office that handles the case and issues its documents: the institution's county or above.
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("handling office")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.PROPOSED, db_index=True
    )
    facts = models.TextField(_("facts"))
    rule_breached = models.TextField(_("rule breached"))
    # The range of rulebook/data/penalties.toml the case is about (its id), chosen when it is opened
    # and confirmed (or changed) by the prior notice and the decision.
    penalty_id = models.CharField(_("penalty provision"), max_length=40)
    evidence = models.TextField(_("evidence"), blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"))
    opened_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    approval_opinion = models.TextField(_("leader's opinion"), blank=True)
    # The prior notice: the intended fine, the days given for statement and defence, whether the
    # party may ask for a hearing, the day the notice was served.
    proposed_fine = models.DecimalField(
        _("intended fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    defence_days = models.PositiveSmallIntegerField(_("days for statement and defence"), null=True, blank=True)
    hearing_available = models.BooleanField(_("hearing may be requested"), default=False)
    notice_served_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    waived_on = models.DateField(_("rights waived on"), null=True, blank=True)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_at = models.DateTimeField(_("hearing at"), null=True, blank=True)
    hearing_place = models.CharField(_("hearing place"), max_length=200, blank=True)
    hearing_held_on = models.DateField(_("hearing held on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The fine of the decision drafted for the leader; `fine_amount` once it is signed off.
    decision_fine = models.DecimalField(
        _("fine of the draft decision (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    penalty_basis = models.CharField(_("penalty provision"), max_length=300, blank=True)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decision_served_on = models.DateField(_("decision served on"), null=True, blank=True)
    fine_paid_on = models.DateField(_("fine paid on"), null=True, blank=True)
    closing_reason = models.TextField(_("reasons for closing"), blank=True)

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("administrative penalty case")
        verbose_name_plural = _("administrative penalty cases")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="penalty_opened_has_leader",
                condition=models.Q(status__in=[CaseStatus.PROPOSED, CaseStatus.NOT_OPENED])
                | models.Q(opened_by__isnull=False, opened_at__isnull=False),
            ),
            models.CheckConstraint(
                name="penalty_decided_has_fine",
                condition=~models.Q(status=CaseStatus.DECIDED)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False, fine_amount__gt=0)
                & ~models.Q(penalty_basis=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.proposed_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("penalties:case_detail", args=[self.pk])

    def _case(self):
        return self


class CaseEvent(AppendOnly, CaseRow):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("penalty case event")
        verbose_name_plural = _("penalty case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"

    def _case(self):
        return self.case


class CasePaper(CaseRow):
    """A paper of the case file: `document_id` is the finsup.documents row (a plain reference, so this
    app does not depend on that app's migrations). A paper served on the party records how, when
    and to whom, and the receipt of service (送达回证) drawn up for it."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="papers")
    kind = models.CharField(_("document"), max_length=30, choices=PaperKind.choices)
    document_id = models.PositiveBigIntegerField(_("document"))
    served_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="receipts", verbose_name=_("receipt of")
    )
    served_on = models.DateField(_("served on"), null=True, blank=True)
    served_manner = models.CharField(_("manner of service"), max_length=20, choices=ServiceManner.choices, blank=True)
    served_to = models.CharField(_("received by"), max_length=100, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by"))
    created_at = models.DateTimeField(_("prepared at"))

    class Meta:
        verbose_name = _("penalty case paper")
        verbose_name_plural = _("penalty case papers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="penalty_paper_served_whole",
                condition=models.Q(served_on__isnull=True, served_manner="", served_to="")
                | models.Q(served_on__isnull=False) & ~models.Q(served_manner="") & ~models.Q(served_to=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_kind_display()}"

    def _case(self):
        return self.case
