"""Evaluate the rulebook on filings, in batch.

The rows of one report become one DuckDB table, built by a single statement; one query per
report then computes every rule in force as columns (value, threshold, applicability). No
DuckDB call is made per row.

Values are exact: money is DECIMAL(20,2) yuan, and each formula (and threshold expression) is
fetched as the numerator and denominator of its exact quotient (see ``sqlexpr``), compared with
the limit exactly in Python (``exact``): one yuan over a limit is a breach on any magnitude,
exactly at the limit is not. The value kept in a result is the quotient rounded half away from
zero to 6 decimal places, for display only. A NULL operand, a division by zero or an arithmetic
overflow gives a result that is "not applicable" (passed = None), never an exception.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from finsup.catalogue import duck
from finsup.catalogue.context import CONTEXT_COLUMNS

from . import exact
from .loader import Citation, Rule, Rulebook

DECIMALS = exact.DISPLAY_PLACES
_REQUIRED_CONTEXT = [c.name for c in CONTEXT_COLUMNS.values() if c.required]


class EvaluationError(ValueError):
    """The rows handed to the engine are not usable (unknown report, missing period end or
    context, a value that is not of its column's type). Rules themselves never raise here."""


@dataclass(frozen=True, slots=True)
class RuleResult:
    row_key: Any
    rule_id: str
    rule_version: str
    value: Decimal | None  # for display: rounded to 6 decimal places (the comparison was exact)
    threshold: Decimal | tuple[Decimal, Decimal] | None  # (low, high) for 'between'
    comparator: str
    passed: bool | None  # None: not applicable (missing figure, division by zero, condition unmet)
    severity: str
    citation: Citation

    @property
    def status(self) -> str:
        return "not_applicable" if self.passed is None else ("passed" if self.passed else "failed")


def evaluate(rulebook: Rulebook, rows: Iterable[Mapping], *, as_of: datetime.date | None = None) -> list[RuleResult]:
    """Apply every rule in force to every row.

    A row is one filing: ``row_key`` (any id, echoed in the results), ``report`` (a report
    code), ``period_end`` (a date), the field values (stored units: yuan, Decimal/int/str/date
    or None) and the context columns of ``context.CONTEXT_COLUMNS``. The rules used are those
    of the row's report in force on its ``period_end``; with ``as_of``, those in force on that
    day instead (to see how old filings fare under the rules of another date).

    Results come row by row in input order, and within a row in rulebook order."""
    rows = list(rows)
    by_report: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        _check_row(rulebook, row, i)
        by_report[row["report"]].append(i)
    per_row: dict[int, list[RuleResult]] = {}
    con = duck.connect()
    try:
        for code, indexes in by_report.items():
            per_row.update(_evaluate_report(con, rulebook, code, [rows[i] for i in indexes], indexes, as_of))
    finally:
        con.close()
    return [result for i in range(len(rows)) for result in per_row.get(i, ())]


def _evaluate_report(con, rulebook: Rulebook, code: str, rows: Sequence[Mapping], indexes: list[int], as_of):
    days = [as_of or row["period_end"] for row in rows]
    in_force = {d: {r.id for r in rulebook.for_report(code, d)} for d in set(days)}
    used = set().union(*in_force.values())
    rules = [r for r in rulebook.for_report(code) if r.id in used]
    if not rules:
        return {}
    report = rulebook.catalogue[code]
    types = {**{n: c.sql_type for n, c in CONTEXT_COLUMNS.items()}, **report.column_types}
    needed = sorted(set().union(*(_columns(r) for r in rules)))
    keys = {n: _key_in(rows, CONTEXT_COLUMNS[n].name) for n in needed if n in CONTEXT_COLUMNS}
    table = f"rows_{code}"
    try:
        duck.load_rows(con, table, {n: types[n] for n in needed}, rows, keys)
    except duck.DataError as err:
        raise EvaluationError(str(err)) from None
    selects, plans = _select_list(rules)
    fetched = con.execute(f"SELECT {', '.join(selects)} FROM {duck.quote(table)} ORDER BY {duck.ROW_INDEX}").fetchall()
    out: dict[int, list[RuleResult]] = {}
    for position, (record, row, day) in enumerate(zip(fetched, rows, days, strict=True)):
        key = row.get("row_key", indexes[position])
        active = in_force[day]
        out[indexes[position]] = [_result(plan, key, record) for plan in plans if plan.rule.id in active]
    return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """Where one rule's columns are in a fetched record, and what stays constant per rule."""

    rule: Rule
    value_at: tuple[int, ...]  # numerator (and denominator) of the exact value
    threshold_at: tuple[int, ...] | None
    condition_at: int | None
    threshold: exact.Quotient | tuple[exact.Quotient, exact.Quotient] | None
    shown_threshold: Decimal | tuple[Decimal, Decimal] | None


def _select_list(rules: list[Rule]) -> tuple[list[str], list[_Plan]]:
    """Columns for each rule: the parts of its value, of its threshold expression, its condition."""
    selects: list[str] = []

    def add(parts: tuple[str, ...]) -> tuple[int, ...]:
        selects.extend(f"TRY({sql})" for sql in parts)
        return tuple(range(len(selects) - len(parts), len(selects)))

    plans = []
    for rule in rules:
        value_at = add(rule.formula.parts)
        threshold_at = add(rule.threshold_expr.parts) if rule.threshold_expr else None
        condition_at = add((rule.applies_when.sql,))[0] if rule.applies_when else None
        fixed = (rule.threshold_low, rule.threshold_high) if rule.comparator == "between" else rule.threshold
        plans.append(_Plan(rule, value_at, threshold_at, condition_at, exact.as_quotient(fixed), fixed))
    return selects, plans


def _result(plan: _Plan, key, record: tuple) -> RuleResult:
    rule = plan.rule
    threshold, shown = plan.threshold, plan.shown_threshold
    if plan.threshold_at is not None:
        threshold = exact.quotient(*(record[i] for i in plan.threshold_at))
        shown = None if threshold is None else threshold.display()
    value, passed = exact.decide(record[plan.value_at[0] : plan.value_at[-1] + 1], rule.comparator, threshold)
    if plan.condition_at is not None and not record[plan.condition_at]:
        passed = None
    return RuleResult(key, rule.id, rule.version, value, shown, rule.comparator, passed, rule.severity, rule.citation)


def compare(value: Decimal, comparator: str, threshold: Decimal | tuple[Decimal, Decimal]) -> bool:
    """Whether ``value <comparator> threshold`` holds exactly ('between' is inclusive at both ends)."""
    return exact.holds(exact.as_quotient(value), comparator, exact.as_quotient(threshold))


def _key_in(rows: Sequence[Mapping], name: str) -> str:
    """The spelling the caller used for a context column (rated_I_… or rated_i_…)."""
    return name if name in rows[0] or name.lower() not in rows[0] else name.lower()


def _columns(rule: Rule) -> set[str]:
    parts = (rule.formula, rule.threshold_expr, rule.applies_when)
    return set().union(*(p.columns for p in parts if p is not None))


def _check_row(rulebook: Rulebook, row: Mapping, i: int) -> None:
    where = f"row {i} (row_key {row.get('row_key')!r})"
    code = row.get("report")
    if code not in rulebook.catalogue:
        raise EvaluationError(f"{where}: unknown report code {code!r}")
    if not isinstance(row.get("period_end"), datetime.date):
        raise EvaluationError(f"{where}: 'period_end' must be a date")
    missing = [n for n in _REQUIRED_CONTEXT if n not in row and n.lower() not in row]
    if missing:
        raise EvaluationError(f"{where}: context column(s) missing: {', '.join(missing)} (None is allowed)")
