"""What the platform keeps about the loan feeds: each batch received (never its rows: those are
in the Parquet store, pseudonymised), and the results of the loan rules per company and day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.scoping import Scope, ScopedManager
from finsup.reporting.choices import RuleStage

from .choices import BatchOutcome, FeedChannel


class LoanBatch(models.Model):
    """One batch received from a microloan company, whatever became of it. Its report names rows
    and columns, never a value, so no identifier of a borrower is kept here."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="loan_batches",
        verbose_name=_("institution"),
    )
    batch_id = models.CharField(_("batch"), max_length=64, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=FeedChannel.choices)
    source_name = models.CharField(_("file"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=10, choices=BatchOutcome.choices, db_index=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_written = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_replayed = models.PositiveIntegerField(_("rows already held"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    report = models.TextField(_("report"))
    rejections = models.JSONField(_("rejections"), default=list)  # [{row, column, reason}], capped
    # Why the file could not be read at all (errors.IngestError.code); blank when it was read.
    problem = models.CharField(_("unreadable because"), max_length=30, blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    seconds = models.DecimalField(_("seconds"), max_digits=10, decimal_places=3, default=0)

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("loan batch")
        verbose_name_plural = _("loan batches")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.batch_id[:12]})"

    @property
    def audit_office_path(self) -> str:
        """The institution's county, as for every institution-scoped entry: the county's trail shows it."""
        return self.institution.county.path


class LoanRuleResult(models.Model):
    """The finding of one loan rule for one company on one evaluation day (the rule version kept)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="loan_rule_results",
        verbose_name=_("institution"),
    )
    as_of = models.DateField(_("evaluation day"))
    rule_id = models.CharField(_("rule"), max_length=60)
    rule_version = models.CharField(_("rule version"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=38, decimal_places=6, null=True)
    comparator = models.CharField(_("comparator"), max_length=10)
    threshold = models.CharField(_("limit"), max_length=60, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    severity = models.CharField(_("severity"), max_length=10)
    stage = models.CharField(_("stage"), max_length=10, choices=RuleStage.choices, default=RuleStage.ACTIVE)
    loan_count = models.PositiveIntegerField(_("loans hit"), default=0)
    loan_ids = models.JSONField(_("loans hit"), default=list)  # sorted, capped (loans_engine.MAX_LISTED)
    warning = models.ForeignKey(
        "monitoring.RiskWarning", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"))

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("loan rule result")
        verbose_name_plural = _("loan rule results")
        ordering = ["institution", "as_of", "rule_id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "as_of", "rule_id"], name="loan_result_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.as_of}"

    @property
    def audit_office_path(self) -> str:
        """The institution's county, as for every institution-scoped entry: the county's trail shows it."""
        return self.institution.county.path


class LoanPortfolioDay(models.Model):
    """A company's live loan book on an evaluation day, as its feed shows it."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="loan_portfolio_days",
        verbose_name=_("institution"),
    )
    as_of = models.DateField(_("evaluation day"))
    live_loans = models.PositiveIntegerField(_("live loans"))
    borrowers = models.PositiveIntegerField(_("borrowers"))
    outstanding = models.DecimalField(_("outstanding (yuan)"), max_digits=20, decimal_places=2)
    overdue_outstanding = models.DecimalField(_("overdue outstanding (yuan)"), max_digits=20, decimal_places=2)
    evaluated_at = models.DateTimeField(_("evaluated at"))

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("loan book on a day")
        verbose_name_plural = _("loan book by day")
        ordering = ["institution", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "as_of"], name="loan_portfolio_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.as_of}"

    @property
    def audit_office_path(self) -> str:
        """The institution's county, as for every institution-scoped entry: the county's trail shows it."""
        return self.institution.county.path
