"""What waits for a user now, computed from the records every time (never stored): filings to
review, warnings to handle, complaints and incidents, measures to decide, rectification to review
or to file, transfers and cases, applications. Notifications are what was pushed once; this is the
work queue as it stands.

Each app registers its own source in its AppConfig.ready with `register_waiting_source`, so this
module imports none of them. A source takes the user and yields WaitingItems; it starts from what
the user may see (`for_user` or the app's selectors) and checks the role's actions itself. Items
counting nothing are left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WaitingItem:
    label: str  # translated when the source runs
    count: int
    url: str  # the list page, filtered to what is counted where the list has such a filter
    overdue: int | None = None  # how many of them are past their deadline; None: no deadline of ours
    order: int = 100  # place on the page: the same kind of work always in the same place


WaitingSource = Callable[[object], Iterable[WaitingItem]]
_SOURCES: list[WaitingSource] = []


def register_waiting_source(source: WaitingSource) -> WaitingSource:
    """Adds a source of waiting items; usable as a decorator. Registering twice changes nothing."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def waiting_for(user) -> list[WaitingItem]:
    """Everything waiting for the user, in page order; empty for anyone not logged in or inactive."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    items = [item for source in _SOURCES for item in source(user) if item.count]
    return sorted(items, key=lambda item: (item.order, item.label))
