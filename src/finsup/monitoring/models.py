from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import (
    BREACH_SOURCES,
    JUSTIFICATION_TRANSITIONS,
    JustificationStatus,
    WarningLevel,
    WarningSource,
    WarningStatus,
)


class RiskWarning(models.Model):
    """A risk warning about one institution, assigned to its lead supervisor. `key` makes the
    opening idempotent: the same breach of the same filing never opens two warnings."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="warnings", verbose_name=_("institution")
    )
    key = models.CharField(max_length=160, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=WarningSource.choices)
    level = models.CharField(_("level"), max_length=10, choices=WarningLevel.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    rule_id = models.CharField(_("rule"), max_length=60, blank=True)
    citation = models.CharField(_("legal basis"), max_length=200, blank=True)
    submission = models.ForeignKey(
        "reporting.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("filing"),
    )
    report_code = models.CharField(_("report"), max_length=50, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_warnings",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN, db_index=True
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Of a rule breach only: the institution's justification and the supervisor's decision on it.
    justification_status = models.CharField(
        _("justification"),
        max_length=20,
        choices=JustificationStatus.choices,
        default=JustificationStatus.UNANSWERED,
        db_index=True,
    )

    # The institution sees its breaches of a rule (never late-filing or sharp-change warnings, which
    # are the office's own analysis); which fields it is shown is the institution pages' choice.
    scope = Scope(
        office="institution__county", institution="institution", institution_rows=models.Q(source__in=BREACH_SOURCES)
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("risk warning")
        verbose_name_plural = _("risk warnings")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("monitoring:warning_detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject

    @property
    def to_be_justified(self) -> bool:
        """A breach the institution may (and should) answer now: not closed, and never answered or
        its answer not accepted."""
        return (
            self.source in BREACH_SOURCES
            and self.status != WarningStatus.CLOSED
            and JustificationStatus.WAITING in JUSTIFICATION_TRANSITIONS[self.justification_status]
        )


class WarningEvent(AppendOnly):
    """Append-only: each step of a warning, who took it and why."""

    warning = models.ForeignKey(RiskWarning, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("previous status"), max_length=20, choices=WarningStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=WarningStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("time"))
    reason = models.TextField(_("reason"), blank=True)

    scope = Scope(office="warning__institution__county", institution="warning__institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("warning event")
        verbose_name_plural = _("warning events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.warning_id}: {self.to_status}"


def _attachment_path(instance, filename: str) -> str:
    # The stored name is the content hash: the uploader's file name never reaches the disk.
    return f"justifications/{instance.attachment_sha256[:2]}/{instance.attachment_sha256}"


class JustificationEvent(AppendOnly):
    """Append-only: each step of a breach's justification. The institution's answer (its text, and
    an attachment if any) moves it to waiting; the supervisor's decision, with the reason the
    institution reads, to justified, rejected or false alarm."""

    warning = models.ForeignKey(RiskWarning, on_delete=models.PROTECT, related_name="justification_events")
    from_status = models.CharField(_("previous status"), max_length=20, choices=JustificationStatus.choices)
    to_status = models.CharField(_("new status"), max_length=20, choices=JustificationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("text"))
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, max_length=200, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("type"), max_length=60, blank=True)
    attachment_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    scope = Scope(office="warning__institution__county", institution="warning__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("justification step")
        verbose_name_plural = _("justification steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.warning_id}: {self.to_status}"
