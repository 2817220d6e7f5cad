"""The rule results of an institution's counted filings as indicator trends, registered with
finsup.monitoring.indicators (reporting.apps) for the warnings' indicator page and the loan charts."""

from __future__ import annotations

import datetime

from django.utils.translation import get_language

from finsup.monitoring.indicators import IndicatorPoint, IndicatorSource

from .catalogue_access import rulebook
from .selectors import counted_rule_results


def indicator_series(*, actor, institution) -> dict[str, list[IndicatorPoint]]:
    """Each rule evaluated on the institution's counted filings: {rule_id: [(period_end, value,
    threshold, passed)]} in period order. Empty for an institution outside the actor's jurisdiction."""
    rows = (
        counted_rule_results(actor=actor, institution=institution)
        .order_by("rule_id", "submission__period_end", "evaluated_at", "pk")
        .values_list("rule_id", "submission__period_end", "value", "threshold", "passed")
    )
    points: dict[str, dict[datetime.date, IndicatorPoint]] = {}
    for rule_id, period_end, value, threshold, passed in rows:
        # Two filings of one period evaluating the same rule: the later evaluation stands.
        points.setdefault(rule_id, {})[period_end] = (period_end, value, threshold, passed)
    return {rule_id: list(by_period.values()) for rule_id, by_period in points.items()}


def rule_descriptions(rule_ids) -> dict[str, str]:
    """What each rule requires, from the rulebook, in the current language (a rule the rulebook no
    longer has is left out)."""
    book = rulebook()
    chinese = (get_language() or "").startswith("zh")
    descriptions = {}
    for rule_id in rule_ids:
        try:
            rule = book.get(rule_id)
        except KeyError:
            continue
        descriptions[rule_id] = rule.description_zh if chinese else rule.description_en
    return descriptions


SOURCE = IndicatorSource(series=indicator_series, descriptions=rule_descriptions)
