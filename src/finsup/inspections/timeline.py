"""One institution's history in one chronological list: filings, risk warnings and their steps,
inspection steps, findings escalated, rectification, follow-up visits, executive interviews,
supervisory measures and the documents issued. Other apps (ratings) add their events through
`register_timeline_source`. Every source starts from what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.documents.selectors import documents_visible
from finsup.institutions.selectors import institution_scope
from finsup.monitoring.choices import WarningStatus
from finsup.monitoring.selectors import warning_scope, warning_steps_of
from finsup.reporting.catalogue_access import report_name
from finsup.reporting.choices import SubmissionStatus
from finsup.reporting.selectors import filings_of

from .choices import InspectionStatus, MeasureKind, MeasureStatus, RectificationDecisionKind
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
        title = _("Inspection planned: %(title)s") % {"title": i.title}
        yield TimelineEntry(i.created_at, "inspection", title, _inspection_url(i.pk))
    events = InspectionEvent.objects.for_user(user).filter(inspection__institution=institution)
    for e in events.select_related("inspection"):
        title = _("Inspection “%(title)s”: %(status)s") % {
            "title": e.inspection.title,
            "status": InspectionStatus(e.to_status).label,
        }
        yield TimelineEntry(e.at, "inspection", title, _inspection_url(e.inspection_id))


def _inspection_url(pk: int) -> str:
    return reverse("inspections:detail", args=[pk])


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
                url = reverse("measures:interview_detail", args=[i.pk])
                yield TimelineEntry(at, "interview", title % {"date": date}, url)


def _measures(user, institution):
    for m in Measure.objects.for_user(user).filter(institution=institution):
        label, url = MeasureKind(m.kind).label, reverse("measures:measure_detail", args=[m.pk])
        yield TimelineEntry(m.proposed_at, "measure", _("Measure proposed: %(measure)s") % {"measure": label}, url)
        if m.status == MeasureStatus.DECIDED:
            title = _("Measure decided: %(measure)s") % {"measure": label}
            yield TimelineEntry(m.decided_at, "measure", title, url)
        elif m.status == MeasureStatus.DISMISSED:
            title = _("Measure dismissed: %(measure)s") % {"measure": label}
            yield TimelineEntry(m.decided_at, "measure", title, url)


def _documents(user, institution):
    """Each document by its own title and number (文号), linked to its file where the viewer may
    open it (a county reads the city's documents about its institution only if scoping lets it)."""
    issued = list(IssuedDocument.objects.for_user(user).filter(institution=institution))
    files = documents_visible(actor=user, ids=[d.document_id for d in issued])
    for d in issued:
        document = files.get(d.document_id)
        name = document.title if document is not None else d.title
        title = _("%(title)s (%(number)s)") % {"title": name, "number": d.number} if d.number else name
        yield TimelineEntry(d.issued_at, "document", title, _document_url(document))


def _document_url(document) -> str | None:
    if document is None:
        return None
    if document.pdf or document.is_final:  # a PDF still being made: its page says so, then links it
        return reverse("documents:pdf", args=[document.pk])
    return reverse("documents:docx", args=[document.pk]) if document.docx else None


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
