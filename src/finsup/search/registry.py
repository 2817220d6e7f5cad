"""The kinds of record the staff search box finds. Each app registers its own kind in its
AppConfig.ready with `register_search_kind`, so the search imports none of them: a kind's `find`
starts from the app's scoped selectors (what the actor may open) and answers the actor's query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed, trimmed, at least MIN_LENGTH characters
    numbered: str  # the same with its brackets as an official number writes them: 〔2026〕


@dataclass(frozen=True)
class SearchHit:
    title: str  # translated when the kind runs
    url: str  # the record's page, which the actor may open
    detail: str = ""  # one line that tells two hits apart (office, period, status)


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: Callable[[], str]  # the group's heading, in the current language
    # (actor=, query=, limit=) -> (the first `limit` hits, best first; how many there are in all)
    find: Callable[..., tuple[list[SearchHit], int]]
    # (query=) -> a list page filtered to the query, for "all results"; None: no such page
    more_url: Callable[..., str | None] | None = None
    order: int = 100  # place of the group on the results page
    # (query) -> the kind's own list page filtered to the same rows, for "all of them"; None: none does
    more_url: Callable[[SearchQuery], str | None] | None = None


_KINDS: dict[str, SearchKind] = {}


def register_search_kind(kind: SearchKind) -> SearchKind:
    """Adds a kind (replacing one of the same key, so registering twice changes nothing)."""
    _KINDS[kind.key] = kind
    return kind


def search_kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def hits_of(found, *, limit: int, hit: Callable[[Any], SearchHit]) -> tuple[list[SearchHit], int]:
    """A kind's answer: its first `limit` rows of `found` as hits, and how many rows there are in all."""
    return [hit(row) for row in found[:limit]], found.count()
