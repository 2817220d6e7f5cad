"""Reading official documents: always through `for_user()` (an institution sees only its final ones)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q

from .choices import DocumentStatus, PdfState
from .models import OfficialDocument


def document_get(*, actor, pk: int) -> OfficialDocument:
    """Raises OfficialDocument.DoesNotExist outside the actor's view."""
    return OfficialDocument.objects.for_user(actor).select_related("office", "institution").get(pk=pk)


def document_versions(*, actor, document: OfficialDocument):
    return OfficialDocument.objects.for_user(actor).filter(series=document.series).order_by("version")


def documents_of(*, actor, subject):
    """The documents generated for one inspection, interview or measure, newest first."""
    return OfficialDocument.objects.for_user(actor).filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )


def documents_by_id(ids) -> dict[int, OfficialDocument]:
    """The documents of these ids by id (a system read, for the case file of an inspection: no actor)."""
    return OfficialDocument.objects.in_bulk(list(ids))


def documents_visible(*, actor, ids) -> dict[int, OfficialDocument]:
    """Of the documents of these ids, those the actor may open, by id (a timeline names and links
    only these)."""
    return OfficialDocument.objects.for_user(actor).in_bulk([i for i in ids if i is not None])


def _latest_open():
    """The latest version of each series not signed off (a later version supersedes a checked one)."""
    later = OfficialDocument.objects.filter(series=OuterRef("series"), version__gt=OuterRef("version"))
    return OfficialDocument.objects.filter(status__in=[DocumentStatus.DRAFT, DocumentStatus.CHECKED]).exclude(
        Exists(later)
    )


def documents_awaiting(*, actor, status: str):
    """The latest versions in `status` (draft: awaiting a check; checked: awaiting sign-off) that
    the actor may see, oldest first."""
    return (
        _latest_open()
        .filter(status=status)
        .filter(pk__in=OfficialDocument.objects.for_user(actor).values("pk"))
        .select_related("office", "institution", "created_by", "checked_by")
        .order_by("created_at", "pk")
    )


def documents_open_all():
    """Every document not yet signed off, its latest version, oldest first (a system read: the
    demo's loader signs them off as the offices' leaders would)."""
    return _latest_open().select_related("office", "institution", "created_by").order_by("created_at", "pk")


def version_ids(document: OfficialDocument) -> list[int]:
    """The ids of every version of the document's series (a system read)."""
    return list(OfficialDocument.objects.filter(series=document.series).values_list("pk", flat=True))


def documents_pdf_waiting(*, pending_since):
    """Final versions whose PDF failed, or is still pending though signed off before
    `pending_since` (the worker is down or stuck), oldest first (a system read: the `documents pdfs`
    check of the operations guide)."""
    return (
        OfficialDocument.objects.filter(status=DocumentStatus.FINAL)
        .filter(Q(pdf_state=PdfState.FAILED) | Q(pdf_state=PdfState.PENDING, finalised_at__lt=pending_since))
        .select_related("office")
        .order_by("finalised_at", "pk")
    )
