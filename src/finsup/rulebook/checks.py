"""The report catalogue's own checks on filings: identities within one filing (evaluated in
batch by DuckDB, like the rules) and continuity with the previous period's filing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from finsup.catalogue import ReportVersion, duck


@dataclass(frozen=True, slots=True)
class CheckFailure:
    row_key: Any
    check_id: str  # a check's id, or "continuity:<field>"
    message_zh: str
    message_en: str
    expected: Decimal | None = None  # an identity's value the target should have, when it has one


def evaluate_checks(version: ReportVersion, rows: Iterable[Mapping]) -> list[CheckFailure]:
    """The identity checks of ``version`` that fail, for every row (field values in stored
    units, plus an optional ``row_key``). A check that cannot be decided because a figure is
    missing is not a failure: completeness is the form's job."""
    rows = list(rows)
    if not rows or not version.checks:
        return []
    con = duck.connect()
    try:
        columns = {f.id: f.sql_type for f in version.fields}
        duck.load_rows(con, "filings", columns, rows)
        selects = ", ".join(f"TRY({c.sql}), TRY({c.expected_sql or 'NULL'})" for c in version.checks)
        fetched = con.execute(f"SELECT {selects} FROM filings ORDER BY {duck.ROW_INDEX}").fetchall()
    finally:
        con.close()
    return [
        CheckFailure(row.get("row_key", i), check.id, check.message_zh, check.message_en, _decimal(expected))
        for i, (row, record) in enumerate(zip(rows, fetched, strict=True))
        for check, ok, expected in zip(version.checks, record[::2], record[1::2], strict=True)
        if ok is False
    ]


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def check_continuity(
    version: ReportVersion, current: Mapping, previous: Mapping | None, *, row_key: Any = None
) -> list[CheckFailure]:
    """Compare this period's figures with the previous period's filing (``None`` when there is
    none, e.g. the first filing: nothing to compare). Plain Decimal comparisons, no SQL."""
    if previous is None:
        return []
    failures = []
    for link in version.continuity:
        now, before = current.get(link.field), previous.get(link.previous)
        if now is None or before is None:
            continue
        if abs(Decimal(now) - Decimal(before)) > link.tolerance:
            failures.append(CheckFailure(row_key, f"continuity:{link.field}", link.message_zh, link.message_en))
    return failures
