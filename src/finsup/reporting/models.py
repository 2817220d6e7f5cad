from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .catalogue_access import report_name
from .choices import Channel, RuleStage, SubmissionAction, SubmissionStatus


class Submission(models.Model):
    """One filed report of one institution for one period. A correction is a new row with the
    next version number; the row it corrects becomes superseded. Nothing is overwritten."""

    # The filer: an institution (its county office is `office`), or a county office filing its own report.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("institution"),
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("office")
    )
    report_code = models.CharField(_("report"), max_length=50, db_index=True)
    report_version = models.PositiveSmallIntegerField(_("report definition version"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices, db_index=True)
    # Field id → value as text (money in yuan, two decimals): exact, and readable in the audit trail.
    values = models.JSONField(_("figures"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    # An office's own report is sent as the official document its leader signed off (报告, 签发).
    document = models.ForeignKey(
        "documents.OfficialDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("official document"),
    )

    scope = Scope(office="office", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-period_end", "report_code", "-version"]
        # One row per version, and one current (non-superseded) filing per filer, report and period;
        # as partial indexes because a county's own reports have no institution.
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "report_code", "period_end", "version"],
                condition=models.Q(institution__isnull=False),
                name="submission_version_unique",
            ),
            models.UniqueConstraint(
                fields=["office", "report_code", "period_end", "version"],
                condition=models.Q(institution__isnull=True),
                name="office_submission_version_unique",
            ),
            models.UniqueConstraint(
                fields=["institution", "report_code", "period_end"],
                condition=models.Q(institution__isnull=False) & ~models.Q(status="superseded"),
                name="submission_one_current_per_period",
            ),
            models.UniqueConstraint(
                fields=["office", "report_code", "period_end"],
                condition=models.Q(institution__isnull=True) & ~models.Q(status="superseded"),
                name="office_submission_one_current_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "report_code", "period_end"]),
            # The filings list, newest first: read a page in index order, not a sort of every filing.
            models.Index(fields=["-submitted_at", "-id"], name="submission_newest_first"),
        ]

    def __str__(self) -> str:
        # The report by its name (issue 16): the audit trail keeps this as the filing's name.
        report = report_name(self.report_code)
        return f"{self.institution or self.office} · {report} · {self.period_end:%Y-%m-%d} · v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        if self.institution_id is None:
            return reverse("reporting:office_filing", args=[self.pk])
        return reverse("reporting:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"accounts.office:{self.office_id}"


class SubmissionEvent(AppendOnly):
    """Append-only history of a filing's workflow: who did what, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=SubmissionAction.choices)
    from_status = models.CharField(_("previous status"), max_length=20, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=SubmissionStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    reason = models.TextField(_("reason"), blank=True)

    scope = Scope(office="submission__office", institution="submission__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.action}"


class RuleResult(models.Model):
    """One rule evaluated on one filing, with the rule version that produced it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rule_results")
    rule_id = models.CharField(_("rule"), max_length=60, db_index=True)
    rule_version = models.CharField(_("rule version"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=30, decimal_places=6, null=True)
    threshold = models.CharField(_("threshold"), max_length=60, blank=True)
    comparator = models.CharField(_("comparator"), max_length=10)
    passed = models.BooleanField(_("passed"), null=True)
    severity = models.CharField(_("severity"), max_length=20)
    # The rule's stage when it was evaluated: a result in test opened no warning and counts for nothing,
    # and a rule promoted to active keeps its version, so this is where the promotion shows.
    stage = models.CharField(_("stage"), max_length=10, choices=RuleStage.choices, default=RuleStage.ACTIVE)
    evaluated_at = models.DateTimeField(_("evaluated at"))
    current = models.BooleanField(default=True, db_index=True)

    scope = Scope(office="submission__office", institution="submission__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rule result")
        verbose_name_plural = _("rule results")
        ordering = ["rule_id"]
        indexes = [models.Index(fields=["submission", "current"])]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.passed}"


class FilingDraft(models.Model):
    """The web form of one report and period as the institution's clerk left it: the figures as
    typed (text, unchecked), at most one per institution, report and period. A draft is not a
    filing: no deadline counts it, and only the institution's own users see it (its scope has no
    office). Filing the period removes it."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("institution")
    )
    report_code = models.CharField(_("report"), max_length=50)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # Field id → the text typed into the form (unchecked: a draft may be incomplete or wrong).
    values = models.JSONField(_("figures"), default=dict)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("saved at"))

    scope = Scope(office=None, institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("filing draft")
        verbose_name_plural = _("filing drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "report_code", "period_end"], name="filing_draft_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.report_code} · {self.period_end:%Y-%m-%d}"

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject


class OfficeReportDraft(models.Model):
    """An office's own report of one period as its staff are writing it (a county's supervision
    report to the city, the city's reports to the province): the figures and narrative as typed,
    first drafted from the platform's records. One per office, report and period; it is the
    subject of the official document its leader signs off, and signing that off files the report
    (a new version when the period was filed before)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    report_code = models.CharField(_("report"), max_length=50)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    values = models.JSONField(_("figures"), default=dict)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("saved at"))

    scope = Scope(office="office", institution=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("office report draft")
        verbose_name_plural = _("office report drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "report_code", "period_end"], name="office_report_draft_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} · {report_name(self.report_code)} · {self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        from .periods import Period

        return reverse(
            "reporting:office_file", args=[self.report_code, Period(self.period_start, self.period_end).label]
        )

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"accounts.office:{self.office_id}"
