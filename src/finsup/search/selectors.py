"""The staff search: every registered kind asked the same query, each answering only with what
the actor may open (the kinds start from their apps' scoped selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from .registry import SearchHit, SearchQuery, search_kinds

MIN_LENGTH = 2  # one character matches half the registry
MAX_LENGTH = 100
# What people type for the brackets of an official number (临金办检〔2026〕12号)
_BRACKETS = str.maketrans(dict.fromkeys("[(（【［", "〔") | dict.fromkeys("])）】］", "〕"))


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    hits: list[SearchHit]
    total: int  # all matches the actor may open; `hits` are the first of them
    more_url: str | None = None  # a list page with all of them, when `hits` are not all


def search_query(text: str | None) -> SearchQuery | None:
    """The query to run, or None when the text is too short to search."""
    text = " ".join((text or "").split())[:MAX_LENGTH]
    if len(text) < MIN_LENGTH:
        return None
    return SearchQuery(text=text, numbered=text.translate(_BRACKETS))


def search(*, actor, text: str | None, limit: int = 5) -> list[SearchGroup]:
    """The kinds with matches, in page order, each with its first `limit` hits; [] for a query too
    short or nobody logged in."""
    query = search_query(text)
    if query is None or actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    groups = []
    for kind in search_kinds():
        hits, total = kind.find(actor=actor, query=query, limit=limit)
        if total:
            more = kind.more_url(query) if kind.more_url and total > len(hits) else None
            groups.append(SearchGroup(key=kind.key, label=str(kind.label()), hits=hits, total=total, more_url=more))
    return groups
