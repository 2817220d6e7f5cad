"""Signing documents off in tests as an office does it: checked (核稿) by a lead supervisor of the
issuing office who did not draft it (one is made when there is none), then signed off (签发) by a
leader of the issuing office (made when there is none)."""

from __future__ import annotations

from finsup.accounts.choices import Role
from finsup.accounts.models import User
from finsup.documents.choices import DocumentStatus
from finsup.documents.services import document_check, documents_sign_off

from .. import factories as f


def staff_of(office, role: str, *, not_user_id=None) -> User:
    users = User.objects.filter(office=office, role=role, is_active=True).exclude(pk=not_user_id).order_by("pk")
    return users.first() or f.make_user(f"{office.code}_{role}_{users.count() + 1}", role, office.code)


def checked(document, *, by=None):
    if document.status != DocumentStatus.DRAFT:
        return document
    checker = by or staff_of(document.office, Role.LEAD_SUPERVISOR, not_user_id=document.created_by_id)
    return document_check(document=document, by=checker)


def signed_off(documents, *, by=None, checker=None):
    """One document or a list: each checked when it is not yet, then all signed off together."""
    many = isinstance(documents, list | tuple)
    ready = [checked(d, by=checker) for d in (documents if many else [documents])]
    finals = documents_sign_off(documents=ready, by=by or staff_of(ready[0].office, Role.LEADER))
    return finals if many else finals[0]


def sign_all_open() -> list:
    """Every document not yet signed off, checked and signed off by its office, oldest first (for
    tests of a procedure that need its documents' numbers)."""
    from finsup.documents.selectors import documents_open_all

    return [signed_off(d) for d in documents_open_all()]


def checked_draft(office, *, institution, by, kind=None):
    """A checked draft of the sample context of `kind` (the inspection notice unless said)."""
    from finsup.documents.choices import DocumentKind
    from finsup.documents.services import document_draft

    from .samples import SAMPLES

    kind = kind or DocumentKind.INSPECTION_NOTICE
    return checked(document_draft(kind=kind, office=office, institution=institution, context=SAMPLES[kind], by=by))
