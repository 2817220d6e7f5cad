"""Reads of the archive, always from what the acting user may see: the entries of their office's
subtree (scoping), for office staff whose role reads the register."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from finsup.accounts.policies import Action, can

from .choices import Retention
from .models import ArchiveEntry, ArchiveItem
from .registry import matter_kind, matter_kinds
from .services import may_archive


def entry_list(*, actor, filters=None) -> QuerySet[ArchiveEntry]:
    filters = filters or {}
    qs = ArchiveEntry.objects.for_user(actor).select_related("office", "archived_by")
    if not can(actor, Action.ARCHIVE_VIEW):
        return qs.none()
    if filters.get("retention") in Retention.values:
        qs = qs.filter(retention=filters["retention"])
    if filters.get("kind") in {k.key for k in matter_kinds()}:
        qs = qs.filter(kind=filters["kind"])
    year = str(filters.get("year") or "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    text = str(filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(title__icontains=text) | Q(institution_name__icontains=text))
    return qs


def entry_get(*, actor, pk: int) -> ArchiveEntry:
    """The entry if the actor may see it; ArchiveEntry.DoesNotExist otherwise."""
    return entry_list(actor=actor).get(pk=pk)


def entry_items(*, entry: ArchiveEntry) -> QuerySet[ArchiveItem]:
    return entry.items.order_by("position")


def matter_url(*, entry: ArchiveEntry) -> str:
    """The archived matter's own page (its app's), for a link from the entry."""
    kind = matter_kind(entry.kind)
    matter = kind.load(entry.object_id, lock=False) if kind is not None else None
    return matter.url if matter is not None else ""


def entry_years(*, actor) -> list[int]:
    return list(entry_list(actor=actor).order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ArchivePanel:
    """What a closed matter's page shows about its archive: the entry once archived (if the actor may
    open it), else whether the actor may archive it now."""

    kind: str
    pk: int
    entry: ArchiveEntry | None = None
    closed: bool = False
    may_archive: bool = False


def archive_panel(*, actor, kind: str, pk: int) -> ArchivePanel | None:
    """None for a user who does not read the archive, or a kind nobody registered."""
    matter_kind_ = matter_kind(kind)
    if matter_kind_ is None or not can(actor, Action.ARCHIVE_VIEW):
        return None
    entry = ArchiveEntry.objects.for_user(actor).filter(kind=kind, object_id=pk).first()
    if entry is not None:
        return ArchivePanel(kind=kind, pk=pk, entry=entry, closed=True)
    matter = matter_kind_.load(pk, lock=False)
    if matter is None:
        return None
    return ArchivePanel(
        kind=kind, pk=pk, closed=matter.closed, may_archive=matter.closed and may_archive(actor, matter)
    )
