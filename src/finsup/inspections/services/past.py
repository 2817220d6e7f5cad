"""Inspections carried out before the platform was in use, entered afterwards from the office's own
ledger (补录 / 历史检查台账录入): the actual on-site dates, the team, the result in short and where
the record was taken from. Each is entered closed, marked as recorded afterwards, audited, issues no
numbered document and counts for the inspection duties like any inspection of its kind and dates.

`past_inspections_record` takes many rows at once (an Excel of the ledger, the demo's history):
every row is checked first and nothing is written unless all pass; the rows, their teams, events
and audit entries are then written in bulk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_batch, audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError

from ..choices import InspectionKind, InspectionStatus, TeamRole
from ..errors import Code
from ..models import Inspection, InspectionEvent, InspectionMember
from .common import OUTSIDE
from .inspections import MIN_INSPECTORS, TEAM_ROLES

# The on-site hours printed for an entered inspection: its dates are known, its hours are not.
_START, _END = datetime.time(9, 0), datetime.time(17, 0)
SOURCE_MAX = 200
SUMMARY_MAX = 2000


@dataclass
class PastInspection:
    """One row of the office's ledger: an inspection already carried out."""

    institution: object
    kind: str
    started_on: datetime.date
    ended_on: datetime.date
    team: list = field(default_factory=list)  # users of the office; the first leads the team
    findings_summary: str = ""  # empty: no findings; otherwise the findings, rectified since
    title: str = ""


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _refusal(message: str, field_name: str, code: Code, n: int | None) -> ApplicationError:
    """The refusal of one field, with the row's number when the rows came from a file."""
    if n is not None:
        message = _("Row %(n)s: %(message)s") % {"n": n, "message": message}
    return ApplicationError(message, field=field_name, code=code)


def _check(by, row: PastInspection, today: datetime.date, n: int | None) -> str:
    """Refuses the row (in the user's words) or returns its title."""
    require(by, Action.INSPECTION_RECORD_PAST, office=row.institution.county, denied=OUTSIDE)
    if row.kind not in InspectionKind.values:
        raise _refusal(_("Choose the kind of inspection."), "kind", Code.PAST_KIND_UNKNOWN, n)
    if row.ended_on < row.started_on:
        raise _refusal(_("The inspection cannot end before it starts."), "ended_on", Code.ENDS_BEFORE_START, n)
    if row.ended_on > today:
        raise _refusal(
            _("Only an inspection already carried out can be recorded: its dates cannot be in the future."),
            "ended_on",
            Code.PAST_IN_FUTURE,
            n,
        )
    if row.started_on < row.institution.approved_on:
        raise _refusal(
            _("The institution was approved on %(date)s: it cannot have been inspected before.")
            % {"date": row.institution.approved_on.isoformat()},
            "started_on",
            Code.PAST_BEFORE_APPROVAL,
            n,
        )
    team = list(dict.fromkeys(row.team))
    eligible = [u for u in team if u.office_id == by.office_id and u.role in TEAM_ROLES]
    if len(eligible) != len(team) or len(team) < MIN_INSPECTORS:
        raise _refusal(
            _("The team is at least two inspectors or lead supervisors of your office."),
            "team",
            Code.NOT_ELIGIBLE_FOR_TEAM,
            n,
        )
    row.team = team
    if len(row.findings_summary or "") > SUMMARY_MAX:
        raise _refusal(
            _("Summarise the findings in at most 2,000 characters."), "findings_summary", Code.TEXT_REQUIRED, n
        )
    return (row.title or "").strip() or _("On-site inspection of %(name)s (recorded afterwards)") % {
        "name": row.institution.name
    }


def _duplicates(rows: list[PastInspection]) -> set[tuple[int, str, datetime.date]]:
    """(institution, kind, start day) of the inspections already held (not cancelled)."""
    held = set()
    existing = Inspection.objects.filter(institution__in={r.institution.pk for r in rows}).exclude(
        status=InspectionStatus.CANCELLED
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    for institution_id, kind, started_at, planned_start in existing.values_list(
        "institution_id", "kind", "started_at", "planned_start"
    ):
        day = started_at.astimezone(zone).date() if started_at is not None else planned_start
        held.add((institution_id, kind, day))
    return held


@transaction.atomic
def past_inspections_record(*, by, rows: list[PastInspection], source: str) -> list[Inspection]:
    """Records inspections the actor's office carried out before the platform was in use, from
    `source` (e.g. "2025年检查台账"). All rows or none."""
    source = (source or "").strip()
    if not source:
        raise ApplicationError(
            _("Say where these inspections are recorded from (e.g. the office's inspection ledger of 2025)."),
            field="source",
            code=Code.TEXT_REQUIRED,
        )
    if len(source) > SOURCE_MAX:
        raise ApplicationError(_("The source is at most 200 characters."), field="source", code=Code.TEXT_REQUIRED)
    if not rows:
        raise ApplicationError(_("There is no inspection to record."), code=Code.TEXT_REQUIRED)
    now, today = clock.now(), clock.today()
    numbered = len(rows) > 1
    held = _duplicates(rows)
    titles = []
    for n, row in enumerate(rows, start=1):
        titles.append(_check(by, row, today, n if numbered else None))
        key = (row.institution.pk, row.kind, row.started_on)
        if key in held:
            raise _refusal(
                _("This institution already has an inspection of this kind starting on %(date)s.")
                % {"date": row.started_on.isoformat()},
                "started_on",
                Code.PAST_DUPLICATE,
                n if numbered else None,
            )
        held.add(key)
    inspections = Inspection.objects.bulk_create(
        [
            Inspection(
                institution=row.institution,
                office=by.office,
                kind=row.kind,
                title=title[:200],
                scope_text=source,
                status=InspectionStatus.CLOSED,
                planned_start=row.started_on,
                planned_end=row.ended_on,
                started_at=_local(row.started_on, _START),
                onsite_ended_at=min(_local(row.ended_on, _END), now),
                assessment=(row.findings_summary or "").strip(),
                closed_at=now,
                created_by=by,
                created_at=now,
                recorded_afterwards=True,
                record_source=source,
            )
            for row, title in zip(rows, titles, strict=True)
        ]
    )
    InspectionMember.objects.bulk_create(
        InspectionMember(
            inspection=inspection,
            user=user,
            team_role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER,
            declared_at=inspection.started_at,
            declaration=_("Recorded afterwards from the office's ledger."),
        )
        for inspection, row in zip(inspections, rows, strict=True)
        for i, user in enumerate(row.team)
    )
    note = _("Recorded afterwards from: %(source)s") % {"source": source}
    InspectionEvent.objects.bulk_create(
        InspectionEvent(inspection=inspection, to_status=InspectionStatus.CLOSED, by=by, at=now, note=note)
        for inspection in inspections
    )
    with audit_batch():
        for inspection, row in zip(inspections, rows, strict=True):
            inspection.institution = row.institution
            audit_record(
                action=AuditAction.CREATE,
                obj=inspection,
                changes={
                    "kind": [None, inspection.kind],
                    "status": [None, InspectionStatus.CLOSED],
                    "started_at": [None, inspection.started_at],
                    "onsite_ended_at": [None, inspection.onsite_ended_at],
                    "team": [None, [u.pk for u in row.team]],
                    "assessment": [None, inspection.assessment],
                    "recorded_afterwards": [None, True],
                    "record_source": [None, source],
                },
            )
    return inspections


def past_inspection_record(
    *,
    by,
    institution,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    team: list,
    source: str,
    findings_summary: str = "",
    title: str = "",
) -> Inspection:
    """Records one inspection the actor's office carried out before the platform was in use."""
    row = PastInspection(institution, kind, started_on, ended_on, list(team), findings_summary, title)
    return past_inspections_record(by=by, rows=[row], source=source)[0]
