"""What an office's own report counts of the other apps' records (reporting.office_drafting),
registered by the apps that depend on reporting (their apps.py), so reporting imports none of them:
`register_office_facts(name, counts)` where counts(office=…, period=…) gives {name: int}. An app
not installed counts nothing (every count reads 0)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_SOURCES: dict[str, Callable[..., dict[str, int]]] = {}


def register_office_facts(name: str, counts: Callable[..., dict[str, int]]) -> None:
    _SOURCES[name] = counts


def office_facts(name: str, **period) -> dict[str, int]:
    source = _SOURCES.get(name)
    return defaultdict(int, source(**period) if source else {})
