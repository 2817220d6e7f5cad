"""Major risk incidents and their emergency-response log.

The tables keep the names they had when incidents were part of the complaints app (db_table):
the move to an app of its own changed no table (migrations complaints 0003, incidents 0001)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import EscalationLevel, IncidentKind, IncidentSeverity, IncidentStatus, LogEntryKind


class Incident(models.Model):
    """A major risk incident or material event, reported by an institution or an office. Not
    acknowledged in time, it escalates county → city → province (FINSUP_INCIDENT_ESCALATION_HOURS)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("institution"),
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("responsible office")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=4, choices=IncidentSeverity.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    occurred_at = models.DateTimeField(_("occurred at"))
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED, db_index=True
    )
    level = models.CharField(
        _("escalated to"), max_length=10, choices=EscalationLevel.choices, default=EscalationLevel.COUNTY
    )
    escalated_at = models.DateTimeField(_("last escalated at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    warnings = models.ManyToManyField(
        "monitoring.RiskWarning",
        blank=True,
        related_name="incidents",
        verbose_name=_("linked risk warnings"),
        db_table="complaints_incident_warnings",
    )

    scope = Scope(office="office", institution="institution")
    objects = ScopedManager()

    class Meta:
        db_table = "complaints_incident"
        verbose_name = _("major risk incident")
        verbose_name_plural = _("major risk incidents")
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject if self.institution_id else f"office:{self.office.code}"


class IncidentLogEntry(AppendOnly):
    """The emergency-response log: append-only actions, decisions, acknowledgements, escalations."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="log")
    kind = models.CharField(_("kind"), max_length=20, choices=LogEntryKind.choices)
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.TextField(_("text"))

    scope = Scope(office="incident__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        db_table = "complaints_incidentlogentry"
        verbose_name = _("emergency-response log entry")
        verbose_name_plural = _("emergency-response log")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.kind}"


class IncidentLink(models.Model):
    """A link from an incident to an inspection, a measure or another record, for the apps that
    hold them (generic, so this app does not depend on them)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(office="incident__office", institution="incident__institution")
    objects = ScopedManager()

    class Meta:
        db_table = "complaints_incidentlink"
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        constraints = [
            models.UniqueConstraint(fields=["incident", "content_type", "object_id"], name="incident_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.content_type_id}:{self.object_id}"
