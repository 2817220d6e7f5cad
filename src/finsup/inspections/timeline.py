"""One institution's history in one chronological list: filings, risk warnings and their steps,
inspection steps, findings escalated, rectification, follow-up visits, executive interviews,
supervisory measures and the documents issued. Other apps (ratings) add their events through
`register_timeline_source`. Every source starts from what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.institutions.selectors import institution_scope
from finsup.monitoring.choices import WarningStatus
from finsup.monitoring.selectors import warning_scope, warning_steps_of
from finsup.reporting.catalogue_access import report_name
from finsup.reporting.choices import SubmissionStatus
from finsup.reporting.selectors import filings_of

from .choices import InspectionStatus, MeasureKind, MeasureStatus, PaperKind, RectificationDecisionKind
from .models import (
    FindingEscalation,
    FollowUpVisit,
    Inspection,
    InspectionEvent,
    Interview,
    IssuedDocument,
    Measure,
    RectificationDecision,
    RectificationReport,
)

if TYPE_CHECKING:
    from finsup.institutions.models import Institution


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # filing, warning, inspection, escalation, rectification, follow_up, interview, measure, document, …
    title: str
    url: str | None = None


TimelineSource = Callable[[object, "Institution"], Iterable[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    """Adds a source of entries (e.g. rating events); usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def institution_timeline(*, user, institution: Institution) -> list[TimelineEntry]:
    """Raises Institution.DoesNotExist when the user may not see the institution."""
    institution = institution_scope(actor=user).get(pk=institution.pk)
    entries: list[TimelineEntry] = []
    for source in (*_BUILT_IN, *_SOURCES):
        entries.extend(source(user, institution))
    return sorted(entries, key=lambda e: e.at)


def _url(obj) -> str | None:
    getter = getattr(obj, "get_absolute_url", None)
    return getter() if getter else None


def _filings(user, institution):
    for s in filings_of(actor=user, institution=institution):
        title = _("Filing %(report)s for %(period)s (version %(version)s): %(status)s") % {
            "report": report_name(s.report_code),
            "period": s.period_end.isoformat(),
            "version": s.version,
            "status": SubmissionStatus(s.status).label,
        }
        yield TimelineEntry(s.submitted_at, "filing", title, _url(s))


def _warnings(user, institution):
    if user.is_institution_user:
        return  # an institution reads its breaches on their own pages, never the office's handling of them
    for w in warning_scope(actor=user).filter(institution=institution):
        yield TimelineEntry(w.opened_at, "warning", _("Risk warning: %(title)s") % {"title": w.title}, _url(w))
    for e in warning_steps_of(actor=user, institution=institution).select_related("warning"):
        title = _("Risk warning “%(title)s”: %(status)s") % {
            "title": e.warning.title,
            "status": WarningStatus(e.to_status).label,
        }
        yield TimelineEntry(e.at, "warning", title, _url(e.warning))


def _inspections(user, institution):
    for i in Inspection.objects.for_user(user).filter(institution=institution):
        yield TimelineEntry(i.created_at, "inspection", _("Inspection planned: %(title)s") % {"title": i.title})
    events = InspectionEvent.objects.for_user(user).filter(inspection__institution=institution)
    for e in events.select_related("inspection"):
        title = _("Inspection “%(title)s”: %(status)s") % {
            "title": e.inspection.title,
            "status": InspectionStatus(e.to_status).label,
        }
        yield TimelineEntry(e.at, "inspection", title)


def _rectification(user, institution):
    for step in (
        FindingEscalation.objects.for_user(user)
        .filter(finding__institution=institution)
        .select_related("finding", "measure")
    ):
        title = _("Rectification of “%(title)s” overdue: escalated to %(measure)s") % {
            "title": step.finding.title,
            "measure": MeasureKind(step.measure.kind).label,
        }
        yield TimelineEntry(_start_of(step.on_date), "escalation", title)
    for r in (
        RectificationReport.objects.for_user(user).filter(finding__institution=institution).select_related("finding")
    ):
        title = _("Rectification report (version %(version)s) filed: %(title)s") % {
            "version": r.version,
            "title": r.finding.title,
        }
        yield TimelineEntry(r.submitted_at, "rectification", title)
    for d in (
        RectificationDecision.objects.for_user(user).filter(finding__institution=institution).select_related("finding")
    ):
        title = _("Rectification %(decision)s: %(title)s") % {
            "decision": RectificationDecisionKind(d.decision).label,
            "title": d.finding.title,
        }
        yield TimelineEntry(d.at, "rectification", title)
    for v in (
        FollowUpVisit.objects.for_user(user).filter(inspection__institution=institution).select_related("inspection")
    ):
        title = _("Follow-up visit: %(title)s") % {"title": v.inspection.title}
        yield TimelineEntry(_start_of(v.visited_on), "follow_up", title)


def _interviews(user, institution):
    for i in Interview.objects.for_user(user).filter(institution=institution):
        steps = [
            (i.created_at, _("Executive interview prepared for %(date)s")),
            (i.held_at, _("Executive interview held (%(date)s)")),
            (i.archived_at, _("Executive interview archived (%(date)s)")),
        ]
        date = f"{timezone.localtime(i.scheduled_at):%Y-%m-%d}"
        for at, title in steps:
            if at is not None:
                yield TimelineEntry(at, "interview", title % {"date": date})


def _measures(user, institution):
    for m in Measure.objects.for_user(user).filter(institution=institution):
        label = MeasureKind(m.kind).label
        yield TimelineEntry(m.proposed_at, "measure", _("Measure proposed: %(measure)s") % {"measure": label})
        if m.status == MeasureStatus.DECIDED:
            yield TimelineEntry(m.decided_at, "measure", _("Measure decided: %(measure)s") % {"measure": label})
        elif m.status == MeasureStatus.DISMISSED:
            yield TimelineEntry(m.decided_at, "measure", _("Measure dismissed: %(measure)s") % {"measure": label})


def _documents(user, institution):
    for d in IssuedDocument.objects.for_user(user).filter(institution=institution):
        title = f"{PaperKind(d.kind).label} {d.number}".strip()
        yield TimelineEntry(d.issued_at, "document", title)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


_BUILT_IN: tuple[TimelineSource, ...] = (
    _filings,
    _warnings,
    _inspections,
    _rectification,
    _interviews,
    _measures,
    _documents,
)
