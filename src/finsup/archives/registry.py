"""The kinds of matter the archive takes. The archive imports none of the apps that own them: each
app registers its kind in its AppConfig.ready with `register_matter_kind` (as the staff search's
kinds are registered), reading its records through its own selectors.

A kind answers two questions about one of its records by primary key:

- `load(pk, lock=)`: the matter as the archive needs it (`Matter`), read without an actor (the
  archive's services check the actor themselves); with `lock=True` the record's row is locked for
  the archiving transaction, so it cannot change meanwhile. None when there is no such record.
- `visible(actor, pk)`: whether the actor may see that record (its app's scoped selector): who may
  not see it gets 404 from the archive too.

The retention period is the kind's decision (`Matter.retention`), justified where the kind is
declared; a kind may set it per record (e.g. by the type of a licensing application)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attachment:
    """A file kept with the matter besides its official documents (evidence, working papers, the
    applicant's documents), as its app stored it, and the audit entry that recorded its SHA-256:
    the entry about `audit_type`:`audit_id` whose changes hold `audit_key` = [None, sha256]."""

    name: str  # the file name as uploaded
    title: str
    path: str  # in default_storage
    sha256: str
    size: int
    date: datetime.date
    audit_type: str
    audit_id: str
    audit_key: str = "sha256"


@dataclass(frozen=True)
class Matter:
    kind: str
    pk: int
    office: Any  # accounts.Office: the office that handled the matter and keeps its archive
    title: str
    reference: str  # its own number or name, as its pages show it
    closed: bool  # closed or decided: only then may it be archived
    closed_at: datetime.datetime | None
    retention: str  # a choices.Retention value
    subject: Any  # the record the matter's official documents were issued for
    url: str
    institution_name: str = ""
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class MatterKind:
    key: str  # as in URLs and ArchiveEntry.kind: "inspection"
    label: Any  # lazy text: "On-site inspection"
    load: Callable[..., Matter | None]  # (pk, *, lock) -> Matter | None
    visible: Callable[[Any, int], bool]  # (actor, pk) -> may the actor see it
    order: int = 100


_KINDS: dict[str, MatterKind] = {}


def register_matter_kind(kind: MatterKind) -> MatterKind:
    """Adds a kind (replacing one of the same key, so registering twice changes nothing)."""
    _KINDS[kind.key] = kind
    return kind


def matter_kind(key: str) -> MatterKind | None:
    return _KINDS.get(key)


def matter_kinds() -> list[MatterKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))
