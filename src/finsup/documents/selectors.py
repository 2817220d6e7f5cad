"""Reading official documents: always through `for_user()` (an institution sees only its final ones)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from finsup.accounts.policies import Action, can

from .choices import DeliveryMethod, DocumentStatus, PdfState
from .models import DocumentDelivery, OfficialDocument

# The brackets people type in a number, as an official number writes them: [2026], (2026) → 〔2026〕.
_BRACKETS = str.maketrans(dict.fromkeys("[(（【［", "〔") | dict.fromkeys("])）】］", "〕"))
AWAITING_CHECK, AWAITING_SIGN_OFF, AWAITING_ACKNOWLEDGEMENT = "check", "sign_off", "acknowledge"


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


def _latest():
    """A version no later version of its series supersedes."""
    later = OfficialDocument.objects.filter(series=OuterRef("series"), version__gt=OuterRef("version"))
    return ~Exists(later)


def _latest_open():
    """The latest version of each series not signed off (a later version supersedes a checked one)."""
    return OfficialDocument.objects.filter(_latest(), status__in=[DocumentStatus.DRAFT, DocumentStatus.CHECKED])


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


# -- The register (发文登记簿) and delivery ---------------------------------------------------------


def document_register(
    *,
    actor,
    status: str = "",
    kind: str = "",
    year: int | None = None,
    office=None,
    query: str = "",
    awaiting: str = "",
) -> QuerySet[OfficialDocument]:
    """The register as the actor reads it. Staff: every document of their office's subtree, the
    latest version of each series. An institution's users: the signed-off documents delivered to
    their institution, never a draft. Filtered by status, kind, year (of the number, else of the
    draft), issuing office (with the offices under it), text (number, title, institution) and
    `awaiting` (what waits for the actor: a check, a sign-off, an acknowledgement)."""
    qs = OfficialDocument.objects.for_user(actor)
    if actor.institution_id:
        delivered = DocumentDelivery.objects.filter(document=OuterRef("pk"), institution_id=actor.institution_id)
        qs = qs.filter(Exists(delivered))
    else:
        qs = qs.filter(_latest())
    if status in DocumentStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(Q(year=year) | Q(year__isnull=True, created_at__year=year))
    if office is not None:
        qs = qs.filter(office__path__startswith=office.path)
    if query:
        numbered = query.translate(_BRACKETS)
        qs = qs.filter(
            Q(number__icontains=numbered) | Q(title__icontains=query) | Q(institution__name__icontains=query)
        )
    if awaiting:
        qs = qs.filter(pk__in=documents_awaiting_actor(actor=actor, awaiting=awaiting).values("pk"))
    return qs.select_related("office", "institution", "created_by", "checked_by", "finalised_by").prefetch_related(
        Prefetch("deliveries", queryset=DocumentDelivery.objects.select_related("acknowledged_by", "delivered_by")),
        "subject",
    )


def documents_awaiting_actor(*, actor, awaiting: str) -> QuerySet[OfficialDocument]:
    """What waits for the actor: drafts they may check (not their own), checked documents of their
    own office they may sign off, documents delivered to their institution not yet acknowledged."""
    if awaiting == AWAITING_CHECK and can(actor, Action.DOCUMENT_CHECK):
        return documents_awaiting(actor=actor, status=DocumentStatus.DRAFT).exclude(created_by=actor)
    if awaiting == AWAITING_SIGN_OFF and can(actor, Action.DOCUMENT_SIGN_OFF):
        return documents_awaiting(actor=actor, status=DocumentStatus.CHECKED).filter(office_id=actor.office_id)
    if awaiting == AWAITING_ACKNOWLEDGEMENT and can(actor, Action.DOCUMENT_ACKNOWLEDGE):
        pending = DocumentDelivery.objects.filter(
            document=OuterRef("pk"),
            institution_id=actor.institution_id,
            method=DeliveryMethod.ELECTRONIC,
            acknowledged_at__isnull=True,
        )
        return OfficialDocument.objects.for_user(actor).filter(Exists(pending))
    return OfficialDocument.objects.none()


def document_years(*, actor) -> list[int]:
    """The years the actor's register holds, newest first (the year filter's choices)."""
    qs = OfficialDocument.objects.for_user(actor)
    numbered = set(qs.exclude(year=None).values_list("year", flat=True).distinct())
    drafted = {d.year for d in qs.filter(year=None).dates("created_at", "year")}
    return sorted(numbered | drafted, reverse=True)


def deliveries_of(*, actor, document: OfficialDocument) -> QuerySet[DocumentDelivery]:
    """The deliveries of the document the actor may see (an institution only its own)."""
    return (
        DocumentDelivery.objects.for_user(actor)
        .filter(document=document)
        .select_related("delivered_by", "acknowledged_by", "institution")
    )


def delivery_get(*, actor, document: OfficialDocument, pk: int) -> DocumentDelivery:
    """Raises DocumentDelivery.DoesNotExist outside the actor's view."""
    return deliveries_of(actor=actor, document=document).get(pk=pk)


def deliveries_awaiting_acknowledgement(*, document: OfficialDocument) -> QuerySet[DocumentDelivery]:
    """The document's deliveries in the platform not yet acknowledged (a system read: the demo's
    loader acknowledges them as the institutions' users would)."""
    return DocumentDelivery.objects.filter(
        document=document, method=DeliveryMethod.ELECTRONIC, acknowledged_at__isnull=True
    ).select_related("institution")


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


def documents_about(*, subject):
    """The documents generated for one record, whoever reads (a system read for the procedure that
    owns the record and has checked its reader: no actor)."""
    return OfficialDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )
