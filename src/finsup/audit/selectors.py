from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from finsup.accounts.choices import OfficeLevel

from .chain import digest_of
from .filters import AuditEntryFilter
from .models import AuditEntry
from .presentation import object_type_choices


def audit_entry_list(*, actor, filters) -> tuple[QuerySet[AuditEntry], AuditEntryFilter]:
    """The trail a staff member may read: entries about their office's subtree (the city sees
    all of its counties, and system-wide events). Institution users never see it."""
    if not actor.office_id:
        base = AuditEntry.objects.none()
    else:
        scope = Q(office_path__startswith=actor.office.path)
        if actor.office.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
            scope |= Q(office_path="")  # events tied to no office: failed logins, system commands
        base = AuditEntry.objects.filter(scope).select_related("actor")
    types = object_type_choices(base.order_by().values_list("object_type", flat=True).distinct())
    filterset = AuditEntryFilter(filters, queryset=base.order_by("-seq"), object_types=types)
    return (filterset.qs if filterset.is_valid() else base.none()), filterset


def entries_about(*, subject: str, limit: int = 50) -> QuerySet[AuditEntry]:
    """The first ``limit`` entries about one subject (an object and its rows, e.g. an institution's
    ``audit_subject``), in the trail's order, with their actors."""
    return AuditEntry.objects.filter(subject=subject).select_related("actor")[:limit]


@dataclass(frozen=True)
class RecordedValue:
    """What one audit entry recorded for a key of its changes (the new value of [old, new]), and
    whether the entry still hashes to its stored hash (altered in the table, it does not)."""

    seq: int
    value: Any
    intact: bool


def _recorded(entry, key: str) -> RecordedValue | None:
    change = (entry.changes or {}).get(key)
    if not isinstance(change, list | tuple) or len(change) != 2:
        return None
    return RecordedValue(seq=entry.seq, value=change[1], intact=digest_of(entry) == entry.entry_hash)


def recorded_values(*, object_type: str, object_ids, key: str) -> dict[str, RecordedValue]:
    """For each of these objects, the last entry about it whose changes set `key`, by object id (a
    system read: the archive holds the SHA-256 of its files against the trail)."""
    found: dict[str, RecordedValue] = {}
    entries = AuditEntry.objects.filter(object_type=object_type, object_id__in=[str(i) for i in object_ids])
    for entry in entries.order_by("seq"):
        recorded = _recorded(entry, key)
        if recorded is not None:
            found[entry.object_id] = recorded
    return found


def recorded_value(*, seq: int, object_type: str, object_id: str, key: str) -> RecordedValue | None:
    """What the entry `seq` recorded for `key`, if it is about that object and recorded the key."""
    entry = AuditEntry.objects.filter(seq=seq, object_type=object_type, object_id=str(object_id)).first()
    return None if entry is None else _recorded(entry, key)
