"""The figures of a breach as the institution and its supervisor read them beside its justification:
the value found, the limit, and the page it was found on. The apps that open breach warnings
(reporting for filings, loans for the loan-level data) register how to find them, so this app
imports neither (as finsup.notifications.waiting does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BreachFigures:
    value: str  # as shown
    limit: str  # as shown
    passed: bool | None  # the latest result: a corrected filing may pass now
    url: str  # the page the breach was found on
    where: str  # that page's name, translated


FiguresSource = Callable[[object, object], "BreachFigures | None"]  # (actor, warning)
_SOURCES: dict[str, FiguresSource] = {}


def register_breach_figures(source: str) -> Callable[[FiguresSource], FiguresSource]:
    """Registers how the figures of the warnings of `source` are found; usable as a decorator."""

    def register(find: FiguresSource) -> FiguresSource:
        _SOURCES[source] = find
        return find

    return register


def breach_figures(*, actor, warning) -> BreachFigures | None:
    """The breach's latest figures the actor may see; None if there are none (or none registered)."""
    find = _SOURCES.get(warning.source)
    return find(actor, warning) if find is not None else None
