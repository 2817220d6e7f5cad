"""The loan store read for the graph: per lender and borrower, the live balance of the current
version of each loan, for the borrowers the graph can relate. One DuckDB query over the store;
the known parties' keys travel as a table, never in the SQL text."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from finsup.loans.ingest import company_glob
from finsup.loans.store import store_dir
from finsup.rulebook.loans_engine import LIVE_STATUSES


@dataclass(frozen=True)
class BorrowerRow:
    company: str
    borrower_key: str
    borrower_type: str
    phone_key: str
    group_key: str
    outstanding: Decimal
    loans: int
    undeclared: int


def _files(companies: Iterable[str], store: Path) -> list[str]:
    return [company_glob(store, code) for code in companies if (store / "loans" / f"company={code}").is_dir()]


def borrowers(
    companies: Iterable[str], *, known: set[str], as_of: datetime.date, store: Path | None = None
) -> list[BorrowerRow]:
    globs = _files(sorted(companies), Path(store or store_dir()))
    if not globs:
        return []
    files = ", ".join("'" + g.replace("'", "''") + "'" for g in globs)
    live = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
    sql = f"""
        WITH cur AS (
            SELECT CAST(company AS VARCHAR) AS company, borrower_key, borrower_type, phone_key,
                borrower_group_key, outstanding, related_party, status
            FROM read_parquet([{files}], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)
            WHERE contract_date <= $1
            QUALIFY loan_version = max(loan_version) OVER (PARTITION BY company, loan_id)
        ), agg AS (
            SELECT company, borrower_key, any_value(borrower_type) AS borrower_type, max(phone_key) AS phone_key,
                max(borrower_group_key) AS group_key, sum(outstanding) AS outstanding, count(*) AS loans,
                count(*) FILTER (WHERE NOT coalesce(related_party, false)) AS undeclared
            FROM cur WHERE status IN ({live}) GROUP BY company, borrower_key
        ), several AS (
            SELECT borrower_key FROM agg GROUP BY borrower_key HAVING count(*) > 1
        ), shared AS (
            SELECT phone_key FROM agg WHERE phone_key IS NOT NULL GROUP BY phone_key
            HAVING count(DISTINCT borrower_key) > 1
        )
        SELECT a.* FROM agg AS a
        WHERE a.borrower_key IN (SELECT k FROM known)
            OR ('t:' || a.phone_key) IN (SELECT k FROM known)
            OR a.borrower_key IN (SELECT borrower_key FROM several)
            OR a.phone_key IN (SELECT phone_key FROM shared)
        ORDER BY a.company, a.borrower_key"""
    con = duckdb.connect()
    try:
        con.execute("CREATE TEMP TABLE known (k VARCHAR)")
        if known:
            con.execute("INSERT INTO known SELECT unnest($1::VARCHAR[])", [sorted(known)])
        rows = con.execute(sql, [as_of]).fetchall()
    finally:
        con.close()
    return [
        BorrowerRow(c, b, t or "", p or "", g or "", Decimal(o or 0).quantize(Decimal("0.01")), int(n), int(u))
        for c, b, t, p, g, o, n, u in rows
    ]
