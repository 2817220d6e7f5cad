"""Reading official documents: always through `for_user()` (an institution sees only its final ones)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from .choices import DocumentStatus
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


@dataclass(frozen=True)
class DocumentFile:
    """A final document as the archive keeps it: its number, title, PDF and the PDF's SHA-256."""

    id: int
    number: str
    title: str
    pdf: str  # the stored file's name in default_storage
    pdf_sha256: str
    finalised_at: datetime.datetime


def _files(qs) -> list[DocumentFile]:
    rows = qs.filter(status=DocumentStatus.FINAL).exclude(pdf="").order_by("finalised_at", "pk")
    return [DocumentFile(d.pk, d.number, d.title, d.pdf.name, d.pdf_sha256, d.finalised_at) for d in rows]


def final_document_files(*, subject) -> list[DocumentFile]:
    """The final documents issued for one record (an inspection, a case...), in the order they were
    finalised (a system read, for the archive: its services check the actor)."""
    content_type = ContentType.objects.get_for_model(subject)
    return _files(OfficialDocument.objects.filter(content_type=content_type, object_id=subject.pk))


def open_document_count(*, subject) -> int:
    """How many documents issued for one record still await their check or sign-off (a system read,
    for the archive: a matter is archived with its documents signed off)."""
    content_type = ContentType.objects.get_for_model(subject)
    return _latest_open().filter(content_type=content_type, object_id=subject.pk).count()


def document_files(ids) -> dict[int, DocumentFile]:
    """The final documents of these ids, by id (a system read, for verifying an archive package)."""
    return {d.id: d for d in _files(OfficialDocument.objects.filter(pk__in=list(ids)))}


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
