"""A company's live loan book from the store: the current version of each loan, contracted by the
day, status normal or overdue. One grouped DuckDB query for all the companies asked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from finsup.rulebook.loans_engine import LIVE_STATUSES


@dataclass(frozen=True)
class Book:
    live_loans: int
    borrowers: int
    outstanding: Decimal
    overdue_outstanding: Decimal


def books(globs: list[str], *, as_of: datetime.date) -> dict[str, Book]:
    if not globs:
        return {}
    files = ", ".join("'" + g.replace("'", "''") + "'" for g in globs)
    live = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
    sql = f"""
        WITH rows AS (
            SELECT CAST(company AS VARCHAR) AS company, loan_id, loan_version, borrower_key, status, outstanding
            FROM read_parquet([{files}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)
            WHERE contract_date <= $1
        ), cur AS (
            SELECT * FROM rows QUALIFY loan_version = max(loan_version) OVER (PARTITION BY company, loan_id)
        )
        SELECT company, count(*), count(DISTINCT borrower_key),
            COALESCE(sum(outstanding), 0), COALESCE(sum(outstanding) FILTER (WHERE status = 'overdue'), 0)
        FROM cur WHERE status IN ({live}) GROUP BY company"""
    con = duckdb.connect()
    try:
        rows = con.execute(sql, [as_of]).fetchall()
    finally:
        con.close()
    return {
        company: Book(int(n), int(b), Decimal(o).quantize(Decimal("0.01")), Decimal(d).quantize(Decimal("0.01")))
        for company, n, b, o, d in rows
    }
