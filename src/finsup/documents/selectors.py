"""Reading official documents: always through `for_user()` (an institution sees only its final ones)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

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
