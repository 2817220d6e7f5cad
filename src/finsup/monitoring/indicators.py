"""An institution's indicator trends, for the warnings' indicator page and the loan page's charts:
each rule's value period by period, and what each rule requires.

The values are rule results of filings, which reporting evaluates; reporting sits above monitoring
(it opens warnings through monitoring's services), so it registers its readers here when Django
starts (reporting.apps) and monitoring imports none of it, as with breaches.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

# (period end, value, limit as stored, passed)
IndicatorPoint = tuple[datetime.date, Decimal | None, str, bool | None]


@dataclass(frozen=True)
class IndicatorSource:
    # (actor=, institution=) -> {rule id: its points in period order}; {} outside the actor's jurisdiction
    series: Callable[..., dict[str, list[IndicatorPoint]]]
    # rule ids -> {rule id: what the rule requires, in the current language}
    descriptions: Callable[[Iterable[str]], dict[str, str]]


_source: IndicatorSource | None = None


def register_indicator_source(source: IndicatorSource) -> None:
    global _source
    _source = source


def indicator_series(*, actor, institution) -> dict[str, list[IndicatorPoint]]:
    return _source.series(actor=actor, institution=institution) if _source else {}


def rule_descriptions(rule_ids: Iterable[str]) -> dict[str, str]:
    """A rule the rulebook no longer has leaves its chart titled by its id only."""
    return _source.descriptions(rule_ids) if _source else {}
