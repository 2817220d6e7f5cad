"""A rule result's value and limit as supervisors read them (finsup.core.numbers), in the unit of
its rule (finsup.rulebook.units): "46.65%" beside "≥ 60%", "2,000.00 万元", "10 倍". A result of a
rule no longer in the rulebook is shown as a plain number."""

from __future__ import annotations

from functools import cache

from finsup.core import numbers
from finsup.rulebook.units import unit_of

from . import catalogue_access as cat


@cache
def _units() -> dict[str, str]:
    catalogue = cat.catalogue()
    return {rule.id: unit_of(rule, catalogue) for rule in cat.rulebook()}


def rule_unit(rule_id: str) -> str:
    return _units().get(rule_id, numbers.PLAIN)


def threshold_text(threshold) -> str:
    """A limit as a result stores it: "0.1", or a range "0.2–0.51" (the engine gives a tuple)."""
    if threshold is None:
        return ""
    if isinstance(threshold, tuple):
        return f"{threshold[0]}–{threshold[1]}"
    return str(threshold)


def result_value(result) -> str:
    """The value found, rounded for reading but never onto its limit (10.004% beside ≤ 10%): of a
    stored result or of one the engine just gave."""
    against = threshold_text(result.threshold) if result.comparator != "between" else None
    return numbers.shown(result.value, rule_unit(result.rule_id), against=against)


def result_limit(result) -> str:
    return numbers.limit_text(result.comparator, threshold_text(result.threshold), rule_unit(result.rule_id))
