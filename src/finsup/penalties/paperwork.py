"""The one door to finsup.documents for a penalty case: a paper is drafted (a document without a
number), revised, and issued by a leader's sign-off (numbered 临金办罚〔年〕号, rendered, locked).
Each paper is a `CasePaper` row that names its document. Everything runs inside the caller's
transaction; a step that issues a document runs in `issuing` (its transaction deletes the stored
files if the step fails after they were written)."""

from __future__ import annotations

import functools

from finsup.core import clock
from finsup.documents import selectors as documents
from finsup.documents import services as document_services

from .models import CasePaper, PenaltyCase


def issuing(step):
    """A step that issues documents: one transaction that also deletes the files of the documents
    it stored, if it fails (finsup.documents.services.documents_step)."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        with document_services.documents_step():
            return step(*args, **kwargs)

    return run


def draft(case: PenaltyCase, kind: str, context: dict, *, by, served_of: CasePaper | None = None) -> CasePaper:
    document = document_services.document_draft(
        kind=kind, office=case.office, institution=case.institution, context=context, by=by, subject=case
    )
    return CasePaper.objects.create(
        case=case, kind=kind, document_id=document.pk, served_of=served_of, created_by=by, created_at=clock.now()
    )


def revise(paper: CasePaper, context: dict, *, by) -> CasePaper:
    """A new version of the paper's document; the paper names the new version (audited by the document)."""
    document = document_services.document_revise(document=_document(paper), context=context, by=by)
    paper.document_id = document.pk
    paper.save(update_fields=["document_id"])
    return paper


def check(paper: CasePaper, *, by, note: str = ""):
    """核稿 of the paper's latest version."""
    return document_services.document_check(document=_document(paper), by=by, note=note)


def sign_off(paper: CasePaper, *, by):
    """The leader's sign-off (签发): the number is taken and the document is locked. The papers
    follow through `services.on_signed_off` (finsup.documents.signals.signed_off)."""
    return document_services.document_sign_off(document=_document(paper), by=by)


def paper_of_document(document) -> CasePaper | None:
    """The paper whose document is a version of `document`'s series, pointed at `document` (the
    version signed off)."""
    paper = CasePaper.objects.filter(document_id__in=documents.version_ids(document)).first()
    if paper is not None and paper.document_id != document.pk:
        paper.document_id = document.pk
        paper.save(update_fields=["document_id"])
    return paper


def context_of(paper: CasePaper) -> dict:
    return dict(_document(paper).context)


def title_of(paper: CasePaper) -> str:
    return _document(paper).title


def number_of(paper: CasePaper) -> str:
    return _document(paper).number


def documents_of(papers) -> dict:
    """The documents of these papers by id (titles, numbers, status for the case page)."""
    return documents.documents_by_id(p.document_id for p in papers)


def pdf_text(paper: CasePaper) -> str:
    return document_services.document_pdf_text(_document(paper))


def _document(paper: CasePaper):
    return documents.documents_by_id([paper.document_id])[paper.document_id]
