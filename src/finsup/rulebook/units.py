"""The unit a rule's value and limit are read in (names from finsup.core.numbers.UNITS, spelled
here so the engine stays free of Django): a ratio up to 1 in per cent (0.3 is 30%), a ratio above 1
in times (leverage of 10 times), money in 万元 (stored in yuan), a loan rule's count of loans, or
plain (an annual rate already in per cent, anything else)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from .loader import Rule

WAN_YUAN, PERCENT, TIMES, COUNT, PLAIN = "wan_yuan", "percent", "times", "count", "plain"

_OUTCOMES = re.compile(r"\b(?:THEN|ELSE)\s+(-?\d+(?:\.\d+)?)\b", re.IGNORECASE)
# Columns of the registry the rules read beside the reports' fields.
REGISTRY_COLUMNS = {"registered_capital": "money", "paid_in_capital": "money", "main_shareholder_stake": "ratio"}


def unit_of(rule: Rule, catalogue: Mapping | None = None) -> str:
    """`catalogue`: the report definitions by code, to read a single column's type (money or ratio)."""
    formula = rule.formula.text.strip()
    if "/" in formula:
        limits = [x for x in (rule.threshold, rule.threshold_low, rule.threshold_high) if x is not None]
        limits += _computed_limits(rule)
        if any(abs(x) > 1 for x in limits):
            return TIMES
        # a limit of exactly 1 is read as the regulation states it: "不超过净资产的1倍", "不低于100%"
        return TIMES if any(abs(x) == 1 for x in limits) and "倍" in rule.description_zh else PERCENT
    if rule.report is None:
        return COUNT  # a loan rule's count of loans
    kind = _column_type(rule.report, formula, catalogue or {})
    return {"money": WAN_YUAN, "ratio": PERCENT}.get(kind, PLAIN)


def _computed_limits(rule: Rule) -> list[Decimal]:
    """The numbers a computed limit can take: "CASE WHEN … THEN 10 … ELSE 15 END" → [10, 15]."""
    if rule.threshold_expr is None:
        return []
    return [Decimal(n) for n in _OUTCOMES.findall(rule.threshold_expr.text)]


def _column_type(report_code: str, column: str, catalogue: Mapping) -> str:
    if column in REGISTRY_COLUMNS:
        return REGISTRY_COLUMNS[column]
    report = catalogue.get(report_code)
    for version in report.versions if report is not None else ():
        if column in version.field_ids:
            return version.field(column).type
    return ""
