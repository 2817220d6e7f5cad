"""Reads of major risk incidents, always starting from what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from finsup.inspections.selectors import inspection_list, measure_list
from finsup.monitoring.selectors import institution_warnings

from .choices import EscalationLevel, IncidentStatus
from .models import Incident

# Records of on-site supervision an incident may be linked to: model label → detail URL name.
LINKABLE_RECORDS = {"inspections.inspection": "inspections:detail", "inspections.measure": "measures:measure_detail"}


def _incidents_for(actor) -> QuerySet[Incident]:
    """An institution sees the incidents it reported itself, not what an office reported about it
    (that may be an investigation it must not be warned of)."""
    qs = Incident.objects.for_user(actor)
    if getattr(actor, "is_institution_user", False):
        qs = qs.filter(reported_by__institution=actor.institution_id)
    return qs


def incident_list(*, actor, filters=None) -> QuerySet[Incident]:
    filters = filters or {}
    qs = _incidents_for(actor).select_related("institution", "office", "reported_by")
    if filters.get("status") in IncidentStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("level") in EscalationLevel.values:  # e.g. what has been escalated to the province
        qs = qs.filter(level=filters["level"])
    if filters.get("open"):
        qs = qs.exclude(status=IncidentStatus.CLOSED)
    return qs


def incident_get(*, actor, pk: int) -> Incident:
    return (
        _incidents_for(actor)
        .select_related("institution__county", "office", "reported_by", "acknowledged_by")
        .get(pk=pk)
    )


def incident_log(*, incident: Incident):
    return incident.log.select_related("by").order_by("at", "pk")


def incident_warning_choices(*, actor, incident: Incident):
    """Warnings about the incident's institution the actor may see and that are not linked yet."""
    if not incident.institution_id:
        return institution_warnings(actor=actor, institution=None).none()
    return (
        institution_warnings(actor=actor, institution=incident.institution)
        .select_related(None)
        .exclude(incidents=incident)
        .order_by("-opened_at")
    )


def incident_warning_linkable(*, actor, incident: Incident, warning) -> bool:
    """Whether the actor may see the warning and it is about the incident's institution."""
    return institution_warnings(actor=actor, institution=incident.institution_id).filter(pk=warning.pk).exists()


@dataclass(frozen=True)
class LinkedRecord:
    source: str
    label: str
    url: str


def _record_row(record) -> LinkedRecord:
    label = record._meta.label_lower
    return LinkedRecord(
        source=f"{label}:{record.pk}",
        label=f"{record._meta.verbose_name}：{record}",
        url=reverse(LINKABLE_RECORDS[label], args=[record.pk]),
    )


def incident_linked_records(*, actor, incident: Incident) -> list[LinkedRecord]:
    """The inspections and measures linked to the incident that the actor may see (a query per kind)."""
    ids: dict = {}
    for link in incident.links.select_related("content_type").order_by("pk"):
        ids.setdefault(link.content_type, []).append(link.object_id)
    rows = []
    for content_type, pks in ids.items():
        visible = content_type.model_class().objects.for_user(actor).in_bulk(pks)
        rows += [_record_row(visible[pk]) for pk in pks if pk in visible]
    return rows


def incident_record_choices(*, actor, incident: Incident) -> list[LinkedRecord]:
    """Inspections and measures about the incident's institution, not linked yet, newest first."""
    if not incident.institution_id:
        return []
    links = incident.links.values_list("content_type__app_label", "content_type__model", "object_id")
    linked = {f"{app}.{model}:{pk}" for app, model, pk in links}
    rows = []
    for records in (inspection_list(actor=actor), measure_list(actor=actor)):
        for record in records.filter(institution=incident.institution).order_by("-pk")[:50]:
            row = _record_row(record)
            if row.source not in linked:
                rows.append(row)
    return rows


def linked_record(*, actor, source: str):
    """The inspection or measure named "app_label.model:pk" if the actor may see it, else None."""
    label, _sep, pk = (source or "").partition(":")
    if label not in LINKABLE_RECORDS or not pk.isdigit():
        return None
    records = inspection_list(actor=actor) if label == "inspections.inspection" else measure_list(actor=actor)
    return records.filter(pk=int(pk)).first()


def incidents_unacknowledged(*, actor) -> QuerySet[Incident]:
    """Incidents the actor may see that nobody has acknowledged yet, with the number of times and
    the first time each was escalated (annotations n_escalations, first_escalation)."""
    from django.db.models import Count, Min, Q

    from .choices import LogEntryKind

    escalations = Q(log__kind=LogEntryKind.ESCALATION)
    return (
        Incident.objects.for_user(actor)
        .filter(status=IncidentStatus.REPORTED)
        .select_related("office__parent__parent", "institution__lead_supervisor")
        .annotate(n_escalations=Count("log", filter=escalations), first_escalation=Min("log__at", filter=escalations))
    )


def incident_period_counts(*, office, start, end) -> dict[str, int]:
    """Risk incidents within the office reported from ``start`` to before ``end``, those closed in
    the period, and those not closed now (a system read for the office's own reports: no actor)."""
    within = Incident.objects.filter(office__path__startswith=office.path)
    return {
        "reported": within.filter(reported_at__gte=start, reported_at__lt=end).count(),
        "closed": within.filter(closed_at__gte=start, closed_at__lt=end).count(),
        "open_now": within.exclude(status=IncidentStatus.CLOSED).count(),
    }
