"""The record a document was issued for (an inspection, an interview, a measure), as a link on the
register and the document's page. The documents know no procedure: each app that issues documents
registers, in its AppConfig.ready, how its records are named and linked for a user (None where the
user may not open the record), as finsup.notifications.waiting does for work queues."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectLink:
    label: str  # translated when the link is made
    url: str


SubjectLinker = Callable[[object, object], SubjectLink | None]  # (actor, subject) → link
_LINKERS: dict[str, SubjectLinker] = {}


def register_subject_link(model_label: str, linker: SubjectLinker) -> None:
    """`model_label` as Django writes it ("inspections.inspection"); registering again replaces."""
    _LINKERS[model_label.lower()] = linker


def subject_link(actor, document) -> SubjectLink | None:
    """The link to the document's record for `actor`, or None (no record, none registered, not the
    actor's to open). Reads `document.subject`: prefetch it on a list."""
    if document.content_type_id is None:
        return None
    subject = document.subject
    if subject is None:
        return None
    linker = _LINKERS.get(subject._meta.label_lower)
    return linker(actor, subject) if linker is not None else None
