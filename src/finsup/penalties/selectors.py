"""Reads of penalty cases, always from what the acting user may see (404 outside)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from finsup.core import clock
from finsup.institutions.selectors import institution_choices

from . import deadlines, paperwork
from .choices import OPEN_STATUSES, CaseStatus
from .models import CaseEvent, CasePaper, PenaltyCase


def case_list(*, actor, filters=None) -> QuerySet[PenaltyCase]:
    filters = filters or {}
    qs = PenaltyCase.objects.for_user(actor).select_related("institution__county", "office", "proposed_by")
    if filters.get("status") in CaseStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs


def case_get(*, actor, pk: int) -> PenaltyCase:
    """Raises PenaltyCase.DoesNotExist outside the actor's jurisdiction."""
    return case_list(actor=actor).get(pk=pk)


def case_history(*, case: PenaltyCase) -> QuerySet[CaseEvent]:
    return case.events.select_related("by").order_by("at", "pk")


def case_paper_get(*, case: PenaltyCase, pk) -> CasePaper:
    """A paper of this case (CasePaper.DoesNotExist otherwise)."""
    return case.papers.get(pk=pk)


@dataclass(frozen=True)
class PaperRow:
    paper: CasePaper
    document: object  # finsup.documents' OfficialDocument
    receipt: CasePaper | None
    receipt_document: object | None

    @property
    def issued(self) -> bool:
        return bool(self.document.number)


def case_papers(*, case: PenaltyCase) -> list[PaperRow]:
    """The case file in order, each paper with its document and its receipt of service."""
    papers = list(case.papers.order_by("created_at", "pk"))
    docs = paperwork.documents_of(papers)
    receipts = {p.served_of_id: p for p in papers if p.served_of_id}
    return [
        PaperRow(p, docs[p.document_id], receipts.get(p.pk), docs.get(getattr(receipts.get(p.pk), "document_id", None)))
        for p in papers
        if p.served_of_id is None
    ]


def case_deadlines(*, case: PenaltyCase) -> list[dict]:
    today = clock.today()
    return [
        {"deadline": d, "overdue": d.overdue(today), "running": d.running(today)}
        for d in deadlines.case_deadlines(case)
    ]


def institutions_for_cases(*, actor):
    return institution_choices(actor=actor)
