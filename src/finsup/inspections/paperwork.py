"""The one door to finsup.documents: the context each document needs (the keys of
finsup.documents.context), drafting, and the record of what was issued in which procedure.

A step drafts its documents; they are numbered only when a leader of the office signs them off
(finsup.documents.services.documents_sign_off), after a check. The record of the step's documents
(IssuedDocument) takes the number and the day of signing then (`record_sign_off`, connected to
finsup.documents.signals.signed_off).

Documents are issued inside the caller's transaction: if one cannot be made, the step fails whole
and nothing is changed. A step that issues documents is decorated with `issuing` (its transaction),
so that a failure after the documents were stored deletes their files too. Tests replace
`backend` to check the procedures without rendering."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.core import clock
from finsup.rulebook.penalties import amount_zh

from .choices import InspectionKind, MeasureKind, TeamRole
from .models import IssuedDocument


@dataclass(frozen=True)
class Request:
    kind: str
    office: object
    institution: object
    context: dict
    inspection: object = None
    interview: object = None
    measure: object = None

    @property
    def subject(self):
        return self.inspection or self.interview or self.measure


@dataclass(frozen=True)
class Paper:
    document_id: int | None
    number: str
    finalised_at: datetime.datetime


def _documents_backend(requests: list[Request], by) -> list[Paper]:
    if not apps.is_installed("finsup.documents"):  # pragma: no cover - the app ships with this one
        return [Paper(None, "", clock.now()) for _r in requests]
    from finsup.documents.services import document_draft

    drafts = [
        document_draft(
            kind=r.kind, office=r.office, institution=r.institution, context=r.context, by=by, subject=r.subject
        )
        for r in requests
    ]
    return [Paper(d.pk, d.number, d.created_at) for d in drafts]


backend = _documents_backend


def issuing(step):
    """A service step that issues documents runs in one transaction that, if the step fails, also
    deletes the files of the documents it stored (finsup.documents.services.documents_step)."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        if not apps.is_installed("finsup.documents"):  # pragma: no cover - the app ships with this one
            with transaction.atomic():
                return step(*args, **kwargs)
        from finsup.documents.services import documents_step

        with documents_step():
            return step(*args, **kwargs)

    return run


def issue(requests: Iterable[Request], *, by) -> list[IssuedDocument]:
    """Issues the documents (numbered in the order given) and records each against its procedure."""
    requests = list(requests)
    papers = backend(requests, by)
    return [
        IssuedDocument.objects.create(
            institution=r.institution,
            kind=r.kind,
            inspection=r.inspection,
            interview=r.interview,
            measure=r.measure,
            document_id=p.document_id,
            number=p.number,
            issued_by=by,
            issued_at=p.finalised_at,
        )
        for r, p in zip(requests, papers, strict=True)
    ]


def record_sign_off(documents) -> list[IssuedDocument]:
    """The documents of these procedures take their number and the time of signing when signed off,
    and point at the version signed (a draft revised before its sign-off has a version of its own).
    Returns the records updated."""
    from finsup.documents.selectors import version_ids

    updated = []
    for document in documents:
        rows = IssuedDocument.objects.filter(document_id__in=version_ids(document))
        rows.update(document_id=document.pk, number=document.number, issued_at=document.finalised_at)
        updated += list(rows.select_related("inspection", "institution"))
    return updated


# The contexts, by kind of document (keys as finsup.documents.context lists them).


def team(inspection) -> list[dict]:
    """The persons on the team: a member who withdrew (a declared conflict of interest) was never
    there. The team is locked once the inspection starts, so after the start these are the persons
    who were on site."""
    members = inspection.members.filter(withdrawn_at=None).select_related("user").order_by("team_role", "pk")
    return [{"name": str(m.user), "role": "组长" if m.team_role == TeamRole.LEADER else "组员"} for m in members]


def _planned(inspection) -> dict:
    """The notice announces the plan: the planned on-site dates."""
    return {
        "inspection_kind": str(InspectionKind(inspection.kind).label),
        "start_date": inspection.planned_start,
        "end_date": inspection.planned_end,
    }


def _dates(inspection) -> dict:
    """Every document after the notice states facts: the days the team was actually on site, from
    the start (started_at) to the end of the on-site work (onsite_ended_at, set when the facts are
    presented). A date not recorded (a record older than these fields) falls back to the plan."""
    start = timezone.localdate(inspection.started_at) if inspection.started_at else inspection.planned_start
    end = timezone.localdate(inspection.onsite_ended_at) if inspection.onsite_ended_at else inspection.planned_end
    return _planned(inspection) | {"start_date": start, "end_date": max(start, end)}


def findings(rows) -> list[dict]:
    return [
        {
            "title": f.title,
            "description": f.description,
            "citation": f.citation,
            "evidence": "、".join(e.original_name for e in f.evidence.all()),
            "deadline": f.deadline.isoformat() if f.deadline else "",
        }
        for f in rows
    ]


def inspection_notice(inspection, *, materials: list[str], contact: str) -> Request:
    context = _planned(inspection) | {
        "scope": inspection.scope_text,
        "team": team(inspection),
        "legal_basis": inspection.legal_basis,
        "materials": materials,
        "contact": contact,
    }
    return _for_inspection("inspection_notice", inspection, context)


def facts_and_confirmation(inspection, *, facts: list[str]) -> list[Request]:
    rows = findings(inspection.findings.order_by("pk"))
    assessment = {"findings": rows, "assessment": inspection.assessment} | _dates(inspection)
    confirmation = _dates(inspection) | {"facts": facts, "team": team(inspection)}
    return [
        _for_inspection("findings", inspection, assessment),
        _for_inspection("fact_confirmation", inspection, confirmation),
    ]


def inspection_report(inspection, *, overview: str, recommendations: list[str]) -> Request:
    context = _dates(inspection) | {
        "scope": inspection.scope_text,
        "team": team(inspection),
        "overview": overview,
        "findings": findings(inspection.findings.order_by("pk")),
        "assessment": inspection.assessment,
        "legal_basis": inspection.legal_basis,
        "recommendations": recommendations,
    }
    return _for_inspection("inspection_report", inspection, context)


def opinion_and_notice(inspection, *, rows, deadline: datetime.date, requirements: list[str]) -> list[Request]:
    listed = findings(rows)
    opinion = _dates(inspection) | {
        "findings": listed,
        "requirements": requirements,
        "deadline": deadline,
        "legal_basis": inspection.legal_basis,
    }
    notice = {"findings": listed, "deadline": deadline, "basis": inspection.legal_basis, "requirements": requirements}
    return [
        _for_inspection("opinion_letter", inspection, opinion),
        _for_inspection("rectification_notice", inspection, notice),
    ]


def _people(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、") if p.strip()]


def interview_notice(interview, *, materials: list[str], contact: str) -> Request:
    context = {
        "interviewees": _people(interview.interviewees),
        "date_time": interview.scheduled_at,
        "place": interview.place,
        "reasons": [line for line in interview.reasons.splitlines() if line.strip()],
        "lead_interviewer": str(interview.lead_interviewer),
        "materials": materials,
        "contact": contact,
    }
    return Request("interview_notice", interview.office, interview.institution, context, interview=interview)


def interview_memo(interview, *, requirements: list[str]) -> Request:
    context = {
        "date_time": interview.held_at,
        "place": interview.place,
        "interviewers": [str(interview.lead_interviewer)],
        "recorder": str(interview.recorder),
        "interviewees": _people(interview.interviewees),
        "content": [line for line in interview.memo.splitlines() if line.strip()],
        "requirements": requirements,
    }
    return Request("interview_memo", interview.office, interview.institution, context, interview=interview)


def measure_decision(measure, *, office, decision: str, remedy: str) -> Request:
    facts = [line for line in measure.reasons.splitlines() if line.strip()]
    facts += [f"{f.title}（{f.citation}）" for f in measure.findings.all()]
    facts += [w.title for w in measure.warnings.all()]
    label = str(MeasureKind(measure.kind).label)
    context = {
        "measure": label,
        "facts": facts,
        "basis": measure.basis,
        "decision": decision
        or _("The office decides the following supervisory measure: %(measure)s.") % {"measure": label},
        "deadline": measure.deadline,
        "remedy": remedy,
    }
    if measure.fine_amount is not None:
        context |= {"penalty_basis": measure.penalty_basis, "fine": f"人民币{amount_zh(measure.fine_amount)}"}
    return Request("measure_decision", office, measure.institution, context, measure=measure)


def _for_inspection(kind: str, inspection, context: dict) -> Request:
    return Request(kind, inspection.office, inspection.institution, context, inspection=inspection)
