"""On-site inspection and what follows it: plans, inspections and their teams, evidence, findings,
rectification, follow-up visits, executive interviews, supervisory measures and the official
documents issued on the way. Every model reaches its office through the institution's county;
institution users see only the rows that concern their rectification (see the querysets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager, ScopedQuerySet
from finsup.documents.choices import KIND_TITLES

from .choices import (
    EvidenceOrigin,
    FindingStatus,
    InspectionKind,
    InspectionStatus,
    InterviewOrigin,
    InterviewStatus,
    MeasureKind,
    MeasureStatus,
    PaperKind,
    ProvinceOutcome,
    RectificationDecisionKind,
    Severity,
    TeamRole,
)

USER = settings.AUTH_USER_MODEL


class InstitutionRow(models.Model):
    """Audit entries of these rows are filed under the institution (its history shows them)."""

    class Meta:
        abstract = True

    def _institution(self):
        raise NotImplementedError

    @property
    def audit_office_path(self) -> str:
        return self._institution().county.path

    @property
    def audit_subject(self) -> str:
        return self._institution().audit_subject


class InstitutionRowsQuerySet(ScopedQuerySet):
    """Institution users see a row only once the opinion letter of its inspection is issued:
    from then on it is part of their rectification. `rectification_lookup` names that date."""

    rectification_lookup = "inspection__opinion_issued_on"

    def for_user(self, user):
        qs = super().for_user(user)
        if user is not None and getattr(user, "institution_id", None):
            qs = qs.filter(**{f"{self.rectification_lookup}__isnull": False})
        return qs


class InspectionPlan(models.Model):
    """An office's annual inspection plan; its planned inspections are Inspection rows."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"))
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "office__path", "title"]
        constraints = [models.UniqueConstraint(fields=["office", "year", "title"], name="inspection_plan_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"accounts.office:{self.office_id}"


class InspectionQuerySet(InstitutionRowsQuerySet):
    rectification_lookup = "opinion_issued_on"


class Inspection(InstitutionRow):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("institution")
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("conducting office")
    )
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("plan"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    unannounced = models.BooleanField(_("unannounced"), default=False)
    title = models.CharField(_("title"), max_length=200)
    scope_text = models.TextField(_("scope"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED, db_index=True
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    notified_at = models.DateTimeField(_("notice issued at"), null=True, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Why the team went on site before the planned start (required then, empty otherwise).
    early_start_reason = models.TextField(_("reason for starting before the planned date"), blank=True)
    # The end of the on-site work: when the facts were presented to the institution. The documents
    # after the notice print the actual dates, started_at to onsite_ended_at, not the planned ones.
    onsite_ended_at = models.DateTimeField(_("on-site work ended at"), null=True, blank=True)
    # The confirmation of facts (现场检查情况确认书) is signed by the institution's head.
    facts_confirmed_by = models.CharField(_("facts confirmed by"), max_length=50, blank=True)
    facts_confirmed_on = models.DateField(_("facts confirmed on"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    opinion_issued_on = models.DateField(_("opinion letter issued on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"))
    # An inspection carried out before the platform was in use, entered afterwards from the office's
    # own ledger (补录, services.past): closed as entered, without numbered documents; `assessment`
    # holds its result in short (empty: no findings), `record_source` where it was taken from.
    recorded_afterwards = models.BooleanField(_("recorded afterwards"), default=False)
    record_source = models.CharField(_("source of the record"), max_length=200, blank=True)

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager.from_queryset(InspectionQuerySet)()

    class Meta:
        verbose_name = _("on-site inspection")
        verbose_name_plural = _("on-site inspections")
        ordering = ["-planned_start", "-pk"]
        constraints = [
            # Only an ad hoc inspection may come unannounced (source (一) 五(五)).
            models.CheckConstraint(
                name="inspection_unannounced_only_ad_hoc",
                condition=models.Q(unannounced=False) | models.Q(kind=InspectionKind.AD_HOC),
            ),
            models.CheckConstraint(
                name="inspection_schedule_ordered", condition=models.Q(planned_end__gte=models.F("planned_start"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def _institution(self):
        return self.institution


class InspectionEvent(AppendOnly, InstitutionRow):
    """Append-only: each step of an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("previous status"), max_length=20, choices=InspectionStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=InspectionStatus.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)

    scope = Scope(office="inspection__institution__county", institution="inspection__institution")
    objects = ScopedManager.from_queryset(InstitutionRowsQuerySet)()

    class Meta:
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.to_status}"

    def _institution(self):
        return self.inspection.institution


class InspectionMember(InstitutionRow):
    """A member of the inspection team. A member who declares a conflict of interest leaves the
    team (`withdrawn_at`); the row stays as the record of the declaration."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector"))
    team_role = models.CharField(_("team role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    has_conflict = models.BooleanField(_("conflict of interest declared"), default=False)
    declaration = models.TextField(_("conflict-of-interest declaration"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scope = Scope(office="inspection__institution__county", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("inspection team member")
        verbose_name_plural = _("inspection team")
        ordering = ["team_role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="inspection_member_unique"),
            models.CheckConstraint(
                name="inspection_member_conflict_withdrawn",
                condition=models.Q(has_conflict=False) | models.Q(withdrawn_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_team_role_display()})"

    def _institution(self):
        return self.inspection.institution


class EvidenceQuerySet(ScopedQuerySet):
    def for_user(self, user):
        qs = super().for_user(user)
        if user is not None and getattr(user, "institution_id", None):
            qs = qs.filter(origin=EvidenceOrigin.RECTIFICATION)
        return qs


class EvidenceFile(InstitutionRow):
    """A working paper or an evidence file. Never overwritten: each upload is a new row and a new
    file; the checksum is verified whenever the file is read."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    origin = models.CharField(_("origin"), max_length=20, choices=EvidenceOrigin.choices)
    file = models.FileField(_("file"), max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    scope = Scope(office="inspection__institution__county", institution="inspection__institution")
    objects = ScopedManager.from_queryset(EvidenceQuerySet)()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["file"], name="evidence_file_unique_path")]

    def __str__(self) -> str:
        return self.original_name

    def _institution(self):
        return self.inspection.institution


class Finding(InstitutionRow):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="findings", verbose_name=_("institution")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    rule_id = models.CharField(_("rule"), max_length=60, blank=True)
    citation = models.CharField(_("regulation breached"), max_length=300)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    evidence = models.ManyToManyField(EvidenceFile, blank=True, related_name="findings", verbose_name=_("evidence"))
    # Set by the inspector, or 30 days from the opinion letter when it is issued (source (二) 四(二)4).
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    deadline_set_explicitly = models.BooleanField(default=False, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN, db_index=True
    )
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager.from_queryset(InstitutionRowsQuerySet)()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]
        constraints = [
            models.CheckConstraint(name="finding_escalation_level_range", condition=models.Q(escalation_level__lte=3))
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def escalated(self) -> bool:
        return self.escalation_level > 0

    def _institution(self):
        return self.institution


class FindingRowsQuerySet(InstitutionRowsQuerySet):
    rectification_lookup = "finding__inspection__opinion_issued_on"


class FindingEscalation(AppendOnly, InstitutionRow):
    """Append-only: one step of escalation of an overdue finding, and the next deadline it set."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("escalation level"))
    on_date = models.DateField(_("date"))
    missed_deadline = models.DateField(_("deadline missed"))
    next_deadline = models.DateField(_("next deadline"))
    measure = models.ForeignKey("Measure", on_delete=models.PROTECT, related_name="+", verbose_name=_("measure"))

    scope = Scope(office="finding__institution__county", institution="finding__institution")
    objects = ScopedManager.from_queryset(FindingRowsQuerySet)()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["on_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "level"], name="finding_escalation_level_once"),
            models.UniqueConstraint(fields=["finding", "on_date"], name="finding_escalation_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id} → {self.level}"

    def _institution(self):
        return self.finding.institution


class RectificationReport(InstitutionRow):
    """The institution's report on one finding. A new filing after a return is the next version."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("measures taken"))
    evidence = models.ManyToManyField(EvidenceFile, blank=True, related_name="+", verbose_name=_("evidence"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))

    scope = Scope(office="finding__institution__county", institution="finding__institution")
    objects = ScopedManager.from_queryset(FindingRowsQuerySet)()

    class Meta:
        verbose_name = _("rectification report")
        verbose_name_plural = _("rectification reports")
        ordering = ["finding", "version"]
        constraints = [models.UniqueConstraint(fields=["finding", "version"], name="rectification_report_version")]

    def __str__(self) -> str:
        return f"{self.finding} · v{self.version}"

    def _institution(self):
        return self.finding.institution


class RectificationDecision(AppendOnly, InstitutionRow):
    """Append-only: the supervisor's decision on a finding's rectification, with the reason."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="decisions")
    report = models.ForeignKey(
        RectificationReport, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=RectificationDecisionKind.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"))

    scope = Scope(office="finding__institution__county", institution="finding__institution")
    objects = ScopedManager.from_queryset(FindingRowsQuerySet)()

    class Meta:
        verbose_name = _("rectification decision")
        verbose_name_plural = _("rectification decisions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding} · {self.get_decision_display()}"

    def _institution(self):
        return self.finding.institution


class FollowUpVisit(InstitutionRow):
    """A follow-up visit (整改回访) to check a rectification on site."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="follow_ups")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    notes = models.TextField(_("notes"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="inspection__institution__county", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.visited_on:%Y-%m-%d}"

    def _institution(self):
        return self.inspection.institution


class Interview(InstitutionRow):
    """An executive interview (高管约见谈话): prepared, held with a memo, archived."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="interviews", verbose_name=_("institution")
    )
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    origin = models.CharField(_("origin"), max_length=20, choices=InterviewOrigin.choices)
    warning = models.ForeignKey(
        "monitoring.RiskWarning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("risk warning"),
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="interviews", verbose_name=_("finding")
    )
    lead_interviewer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead interviewer")
    )
    recorder = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorder"))
    interviewees = models.CharField(_("interviewees"), max_length=300)
    place = models.CharField(_("place"), max_length=200)
    reasons = models.TextField(_("reasons for the interview"))
    outline = models.TextField(_("outline"))
    scheduled_at = models.DateTimeField(_("scheduled at"))
    notified_at = models.DateTimeField(_("notice issued at"), null=True, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    memo = models.TextField(_("memo"), blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.PREPARING, db_index=True
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("executive interview")
        verbose_name_plural = _("executive interviews")
        ordering = ["-scheduled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="interview_origin_consistent",
                condition=(
                    models.Q(origin=InterviewOrigin.INSTITUTION, warning__isnull=True, finding__isnull=True)
                    | models.Q(origin=InterviewOrigin.WARNING, warning__isnull=False, finding__isnull=True)
                    | models.Q(origin=InterviewOrigin.FINDING, warning__isnull=True, finding__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.scheduled_at:%Y-%m-%d}"

    def _institution(self):
        return self.institution


class Measure(InstitutionRow):
    """A supervisory measure. Escalation and staff propose; only a leader decides, with reasons."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="measures", verbose_name=_("institution")
    )
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED, db_index=True
    )
    proposal = models.TextField(_("grounds of the proposal"), blank=True)
    proposed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    # What the proposer suggests the leader decide; the leader's decision form starts from them.
    proposed_basis = models.TextField(_("proposed legal basis"), blank=True)
    proposed_deadline = models.DateField(_("proposed deadline"), null=True, blank=True)
    # Set when escalation of an overdue rectification proposed it (1–3).
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    basis = models.TextField(_("legal basis"), blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # A fine decided with the measure: the range of rulebook/data/penalties.toml it is imposed under
    # (its id, and its citation and range as they read on the day), and the amount in yuan.
    penalty_id = models.CharField(_("penalty provision"), max_length=40, blank=True)
    penalty_basis = models.CharField(_("penalty provision"), max_length=300, blank=True)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    findings = models.ManyToManyField(Finding, blank=True, related_name="measures", verbose_name=_("findings"))
    warnings = models.ManyToManyField(
        "monitoring.RiskWarning", blank=True, related_name="measures", verbose_name=_("risk warnings")
    )

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("supervisory measure")
        verbose_name_plural = _("supervisory measures")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="measure_decided_has_leader_and_reasons",
                condition=~models.Q(status=MeasureStatus.DECIDED)
                | (models.Q(decided_by__isnull=False, decided_at__isnull=False) & ~models.Q(reasons="")),
            ),
            models.CheckConstraint(
                name="measure_fine_has_provision",
                condition=models.Q(penalty_id="", fine_amount__isnull=True)
                | (~models.Q(penalty_id="") & models.Q(fine_amount__gt=0) & ~models.Q(penalty_basis="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_kind_display()}"

    def _institution(self):
        return self.institution


class IssuedDocument(InstitutionRow):
    """An official document issued in these procedures. `document_id` is the finsup.documents row
    (kept as a plain reference so this app does not depend on that app's migrations)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("document"), max_length=30, choices=PaperKind.choices)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    document_id = models.PositiveBigIntegerField(_("document"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    @property
    def title(self) -> str:
        """The title printed on the document (one source: finsup.documents.choices.KIND_TITLES), the
        same in every list, timeline and interface language."""
        return KIND_TITLES.get(self.kind) or self.get_kind_display()

    def _institution(self):
        return self.institution


class ProvinceDecision(AppendOnly, InstitutionRow):
    """The province's decision on a measure only it may take (a V(2) rating, revoking the pilot
    status or licence), asked for by the city's request (请示): once per measure, with reasons, in
    the name of the province's office and the leader who decided. Append-only: never changed."""

    # One per measure: the service refuses a second under the measure's row lock (a foreign key, not
    # a one-to-one: the append-only guard's tests copy rows, which a unique column would refuse).
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="province_decisions", verbose_name=_("supervisory measure")
    )
    outcome = models.CharField(_("decision of the province"), max_length=10, choices=ProvinceOutcome.choices)
    reasons = models.TextField(_("reasons"))
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding office")
    )
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    scope = Scope(office="measure__institution__county", institution="measure__institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("decision of the province")
        verbose_name_plural = _("decisions of the province")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="province_decision_has_reasons", condition=~models.Q(reasons="")),
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.get_outcome_display()}"

    def _institution(self):
        return self.measure.institution
