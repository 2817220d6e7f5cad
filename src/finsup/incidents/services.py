"""Writes for major risk incidents: reporting, acknowledgement, the emergency-response log,
links to warnings, closure and escalation by severity when nobody acknowledges in time."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel, Role
from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, OutOfScope
from finsup.core.lifecycle import Event, Lifecycle, refused_move, transition
from finsup.institutions.selectors import institution_choices
from finsup.notifications.services import notify

from .choices import (
    ESCALATION_ORDER,
    ESCALATION_TRANSITIONS,
    INCIDENT_TRANSITIONS,
    MANUAL_LOG_KINDS,
    EscalationLevel,
    IncidentKind,
    IncidentSeverity,
    IncidentStatus,
    LogEntryKind,
)
from .errors import Code
from .models import Incident, IncidentLink, IncidentLogEntry
from .selectors import incident_warning_linkable, linked_record

_LEVEL_OF_OFFICE = {
    OfficeLevel.COUNTY: EscalationLevel.COUNTY,
    OfficeLevel.ZONE: EscalationLevel.COUNTY,
    OfficeLevel.CITY: EscalationLevel.CITY,
    OfficeLevel.PROVINCE: EscalationLevel.PROVINCE,
}


def _handlers_at(incident: Incident, level: str):
    """Leaders and lead supervisors of the office at `level` above the incident's office."""
    office = incident.office
    while office is not None and _LEVEL_OF_OFFICE[office.level] != level:
        office = office.parent
    if office is None:
        return users_active().none()
    return users_active(office=office, role__in=[Role.LEADER, Role.LEAD_SUPERVISOR])


def _log(incident: Incident, *, kind: str, text: str, by=None, at=None) -> IncidentLogEntry:
    return IncidentLogEntry.objects.create(incident=incident, kind=kind, text=text, by=by, at=at or clock.now())


@transaction.atomic
def incident_report(*, by, data: dict, now: datetime.datetime | None = None) -> Incident:
    """An institution reports about itself; an office about an institution in its jurisdiction or
    about an event with no single institution (the incident is then the office's own)."""
    require(by, Action.INCIDENT_REPORT, denied=_("You may not report incidents."))
    now = now or clock.now()
    if by.is_institution_user:
        institution = by.institution
    else:
        institution = data.get("institution")
        if institution is not None and not institution_choices(actor=by).filter(pk=institution.pk).exists():
            raise OutOfScope(_("This institution is outside your jurisdiction."))
    if data.get("kind") not in IncidentKind.values:
        raise ApplicationError(_("Choose the kind of incident."), field="kind", code=Code.INCIDENT_KIND_REQUIRED)
    if data.get("severity") not in IncidentSeverity.values:
        raise ApplicationError(_("Choose the severity."), field="severity", code=Code.SEVERITY_REQUIRED)
    title, description = (data.get("title") or "").strip(), (data.get("description") or "").strip()
    if not title or not description:
        raise ApplicationError(
            _("Give a title and describe what happened."), field="description", code=Code.INCIDENT_DESCRIPTION_REQUIRED
        )
    occurred_at = data.get("occurred_at") or now
    if occurred_at > now:
        raise ApplicationError(
            _("The incident cannot have happened in the future."), field="occurred_at", code=Code.INCIDENT_IN_FUTURE
        )
    office = institution.county if institution is not None else by.office
    reporter_level = EscalationLevel.COUNTY if by.is_institution_user else _LEVEL_OF_OFFICE[by.office.level]
    incident = Incident.objects.create(
        institution=institution,
        office=office,
        kind=data["kind"],
        severity=data["severity"],
        title=title[:200],
        description=description,
        occurred_at=occurred_at,
        reported_at=now,
        reported_by=by,
        level=max(_LEVEL_OF_OFFICE[office.level], reporter_level, key=ESCALATION_ORDER.index),
    )
    _log(incident, kind=LogEntryKind.REPORT, text=description, by=by, at=now)
    audit_record(
        action=AuditAction.CREATE,
        obj=incident,
        changes={"kind": [None, incident.kind], "severity": [None, incident.severity], "title": [None, incident.title]},
    )
    recipients = list(_handlers_at(incident, incident.level))
    if institution is not None and institution.lead_supervisor:
        recipients.append(institution.lead_supervisor)
    title_text = _("Major risk incident (%(severity)s): %(title)s") % {
        "severity": incident.get_severity_display(),
        "title": incident.title,
    }
    url = incident.get_absolute_url()
    transaction.on_commit(lambda: notify(users=recipients, title=title_text, url=url, key=f"incident:{incident.pk}"))
    return incident


INCIDENT = Lifecycle(
    model=Incident,
    table=INCIDENT_TRANSITIONS,
    refusal=refused_move(gettext_lazy("An incident that is “%(from)s” cannot become “%(to)s”."), IncidentStatus),
    event=Event(model=IncidentLogEntry, owner="incident", from_status=None, to_status=None, note="text"),
    select_related=("office",),
)


def _locked_for(incident: Incident, by) -> Incident:
    incident = INCIDENT.lock(incident)
    require(by, Action.INCIDENT_HANDLE, office=incident.office, denied=_("You may not handle this incident."))
    return incident


def _move(incident: Incident, *, to_status: str, by, note: str, at, fields: dict) -> Incident:
    INCIDENT.check(incident.status, to_status)
    if not note.strip():
        raise ApplicationError(_("Record what was done or decided."), field="text", code=Code.LOG_TEXT_REQUIRED)
    kind = LogEntryKind.ACKNOWLEDGEMENT if to_status == IncidentStatus.ACKNOWLEDGED else LogEntryKind.CLOSURE
    return transition(
        incident,
        to=to_status,
        by=by,
        note=note.strip(),
        lifecycle=INCIDENT,
        locked=True,
        at=at,
        fields=fields,
        event_fields={"kind": kind},
        audit_changes={"note": [None, note]},
    )


@transaction.atomic
def incident_acknowledge(*, incident: Incident, by, note: str) -> Incident:
    """The office takes charge; an acknowledged incident no longer escalates."""
    incident = _locked_for(incident, by)
    now = clock.now()
    fields = {"acknowledged_at": now, "acknowledged_by": by}
    return _move(incident, to_status=IncidentStatus.ACKNOWLEDGED, by=by, note=note, at=now, fields=fields)


@transaction.atomic
def incident_close(*, incident: Incident, by, note: str) -> Incident:
    incident = _locked_for(incident, by)
    now = clock.now()
    return _move(incident, to_status=IncidentStatus.CLOSED, by=by, note=note, at=now, fields={"closed_at": now})


@transaction.atomic
def incident_log_add(*, incident: Incident, by, kind: str, text: str) -> IncidentLogEntry:
    incident = _locked_for(incident, by)
    if kind not in MANUAL_LOG_KINDS:
        raise ApplicationError(
            _("Choose whether this is an action or a decision."), field="kind", code=Code.LOG_KIND_REQUIRED
        )
    if not text.strip():
        raise ApplicationError(_("Record what was done or decided."), field="text", code=Code.LOG_TEXT_REQUIRED)
    if incident.status == IncidentStatus.CLOSED:
        raise ApplicationError(
            _("The incident is closed: its log is complete."), field="text", code=Code.INCIDENT_CLOSED
        )
    entry = _log(incident, kind=kind, text=text.strip(), by=by)
    audit_record(action=AuditAction.UPDATE, obj=incident, changes={"log": [None, {"kind": kind, "text": entry.text}]})
    return entry


@transaction.atomic
def incident_link_warning(*, incident: Incident, by, warning) -> Incident:
    incident = _locked_for(incident, by)
    if not incident_warning_linkable(actor=by, incident=incident, warning=warning):
        raise ApplicationError(
            _("Only a warning about the same institution can be linked."),
            field="warning",
            code=Code.WARNING_OF_OTHER_INSTITUTION,
        )
    if incident.warnings.filter(pk=warning.pk).exists():
        raise ApplicationError(_("This warning is already linked."), field="warning", code=Code.WARNING_ALREADY_LINKED)
    incident.warnings.add(warning)
    _log(incident, kind=LogEntryKind.LINK, text=_("Linked risk warning: %(title)s") % {"title": warning.title}, by=by)
    audit_record(action=AuditAction.UPDATE, obj=incident, changes={"warnings": [None, warning.pk]})
    return incident


@transaction.atomic
def incident_link_record(*, incident: Incident, by, source: str) -> IncidentLink:
    """Links an inspection or a supervisory measure about the incident's institution."""
    incident = _locked_for(incident, by)
    record = linked_record(actor=by, source=source)
    if record is None or record.institution_id != incident.institution_id:
        raise ApplicationError(
            _("Only an inspection or a measure about the same institution can be linked."),
            field="record",
            code=Code.RECORD_OF_OTHER_INSTITUTION,
        )
    content_type = ContentType.objects.get_for_model(record)
    if IncidentLink.objects.filter(incident=incident, content_type=content_type, object_id=record.pk).exists():
        raise ApplicationError(_("This record is already linked."), field="record", code=Code.RECORD_ALREADY_LINKED)
    link = IncidentLink.objects.create(incident=incident, content_type=content_type, object_id=record.pk)
    label = f"{record._meta.verbose_name}：{record}"
    _log(incident, kind=LogEntryKind.LINK, text=_("Linked: %(record)s") % {"record": label}, by=by)
    audit_record(action=AuditAction.UPDATE, obj=incident, changes={"link": [None, source]})
    return link


def escalation_hours(severity: str, level: str) -> float | None:
    """Hours an incident of this severity may wait unacknowledged at this level (None: it stays)."""
    return settings.FINSUP_INCIDENT_ESCALATION_HOURS.get(severity, {}).get(level)


def incident_escalation_due(incident: Incident) -> datetime.datetime | None:
    hours = escalation_hours(incident.severity, incident.level)
    if hours is None or incident.status != IncidentStatus.REPORTED or incident.level == EscalationLevel.PROVINCE:
        return None
    return (incident.escalated_at or incident.reported_at) + datetime.timedelta(hours=hours)


def incidents_escalate(*, now: datetime.datetime | None = None) -> list[tuple[Incident, str]]:
    """Moves every unacknowledged incident past its time up one level (county → city → province),
    several levels if several times have passed. Idempotent: each level is reached once, at the
    moment it fell due, so running again with the same clock changes nothing."""
    now = now or clock.now()
    done = []
    pending = Incident.objects.filter(status=IncidentStatus.REPORTED).exclude(level=EscalationLevel.PROVINCE)
    for pk in pending.values_list("pk", flat=True):
        done += _escalate_one(pk, now)
    return done


# Escalation moves the incident's level (not its status) through the same helper: the level's
# table allows one step up at a time, the log entry is the event, the audit entry records the level.
ESCALATION = Lifecycle(
    model=Incident,
    table=ESCALATION_TRANSITIONS,
    refusal=refused_move(gettext_lazy("An incident at the “%(from)s” cannot go to the “%(to)s”."), EscalationLevel),
    event=Event(model=IncidentLogEntry, owner="incident", from_status=None, to_status=None, note="text"),
    status_field="level",
    changed_at_field="escalated_at",
    select_related=("office__parent",),
)


@transaction.atomic
def _escalate_one(pk: int, now: datetime.datetime) -> list[tuple[Incident, str]]:
    incident = ESCALATION.lock(Incident(pk=pk))
    done = []
    while (due := incident_escalation_due(incident)) is not None and due <= now:
        previous = incident.level
        to = ESCALATION_ORDER[ESCALATION_ORDER.index(previous) + 1]
        text = _("Not acknowledged within %(hours)s hours: escalated from the %(from)s to the %(to)s.") % {
            "hours": escalation_hours(incident.severity, previous),
            "from": EscalationLevel(previous).label,
            "to": EscalationLevel(to).label,
        }
        incident = transition(
            incident,
            to=to,
            by=None,
            note=text,
            lifecycle=ESCALATION,
            locked=True,
            at=due,
            event_fields={"kind": LogEntryKind.ESCALATION},
        )
        recipients = list(_handlers_at(incident, incident.level))
        title = _("Escalated incident (%(severity)s): %(title)s") % {
            "severity": incident.get_severity_display(),
            "title": incident.title,
        }
        url, key = incident.get_absolute_url(), f"incident:{incident.pk}:{incident.level}"
        transaction.on_commit(lambda r=recipients, t=title, u=url, k=key: notify(users=r, title=t, url=u, key=k))
        done.append((incident, incident.level))
    return done


def office_level(office) -> str:
    return _LEVEL_OF_OFFICE[office.level]
