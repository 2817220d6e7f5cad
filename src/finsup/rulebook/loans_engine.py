"""Evaluate the loan-level rules (``source = "loans"``) in batch over the Parquet loan store.

The store is ``<store>/loans/company=<credit code>/<batch>.parquet`` (``finsup.loans.layout``); a loan
may appear in several batches, its current state being its highest ``loan_version``.

One call makes, whatever the number of loans:
  1. one scan of the rows with loan_version > 1 (few) into a small table of the newest version
     of each such loan; a row is current unless a higher version of the same loan exists;
  2. ONE grouped statement for all rules: the current, live loans (latest version, contracted on
     or before ``as_of``, status normal or overdue) read from the Parquet files (only the columns
     the rules need) and never stored; the borrower and borrower-group balances, when a rule
     reads them, grouped from a second read of the files and joined back; the per-company
     context and the one-year LPR as of each contract date (ASOF join of the days up to
     ``as_of`` on ``data/lpr_1y.csv``) joined in, and the PBoC benchmark lending rate likewise
     (``data/pboc_lending_benchmark.csv``) when a rule reads it. Per company it returns, for each ROW rule,
     the count of hit loans and the first ``max_listed`` hit loan ids, and for each AGGREGATE
     rule its value.
No Python loop runs over loans; Python only turns one record per company into findings.

The result is ONE finding per company and rule (passed or not), never one per loan: a
caller turns the failed ones into risk warnings (one per company, rule and day).
Values are compared as in ``engine``: each aggregate formula is fetched as the numerator and
denominator of its exact quotient and compared with the limit exactly (``exact``); the value kept
is rounded to 6 decimals for display. A NULL value (no net assets known, division by zero) is
"not applicable" (passed = None).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from finsup.catalogue import duck
from finsup.catalogue.context import (
    BUSINESS_PURPOSES,
    CONSUMER_PURPOSES,
    DATA_SOURCES,
    LOAN_COMPANY_COLUMNS,
    LOAN_STORED_COLUMNS,
)
from finsup.catalogue.sqlexpr import DIV_MACRO

from . import exact
from .engine import compare
from .loader import Citation, Rule, Rulebook

SOURCE = "loans"
LPR_FILE = Path(__file__).parent / "data" / "lpr_1y.csv"
BENCHMARK_FILE = Path(__file__).parent / "data" / "pboc_lending_benchmark.csv"
BENCHMARK = "pboc_benchmark_1y"
# The term tier of the benchmark: a loan running at most this many months from its start date takes
# the six-months-or-less rate. The same test in both engines (month arithmetic clamps to month end).
SHORT_TIER_MONTHS = 6
# Derived balances per borrower: the loans each one sums (None: all live loans).
BORROWER_BALANCES: dict[str, tuple[str, ...] | None] = {
    "borrower_balance": None,
    "borrower_consumer_balance": CONSUMER_PURPOSES,
    "borrower_business_balance": BUSINESS_PURPOSES,
}
LIVE_STATUSES = ("normal", "overdue")
MAX_LISTED = 1000
# DuckDB's memory on its own connection: past it, work tables spill to its temporary directory
# (pseudonymised loans only). 10 M loans over 500 files, nothing stored: peak RSS ~0.5 GB for six
# rules, ~0.75 GB for all ten.
MEMORY_LIMIT = "1GB"
_BASE_COLUMNS = ("company", "loan_id", "loan_version", "contract_date", "status", "outstanding")


class LoanEvaluationError(ValueError):
    """The loan input or the company context cannot be used."""


@dataclass(frozen=True, slots=True)
class LoanFinding:
    company: str
    rule_id: str
    rule_version: str
    value: Decimal | None  # row rule: number of hit loans; aggregate rule: the ratio rounded to 6 decimals
    threshold: Decimal | tuple[Decimal, Decimal] | None
    comparator: str
    passed: bool | None  # None: not applicable (e.g. net assets unknown)
    severity: str
    citation: Citation
    loan_ids: tuple[str, ...] = ()  # row rules: the hit loans, sorted, at most max_listed
    loan_count: int = 0  # row rules: all hit loans (may exceed len(loan_ids))

    @property
    def truncated(self) -> bool:
        return self.loan_count > len(self.loan_ids)


@dataclass(frozen=True, slots=True)
class LprRow:
    """One monthly announcement of the one-year LPR, with where it was read and how surely."""

    date: datetime.date
    rate: Decimal  # percent a year
    status: str  # V read in the announcement, S confirmed by a report or copy, U not confirmed
    source: str


def _dated_rows(path: Path | str) -> list[dict[str, str]]:
    """The rows of a dated CSV table (comment lines start with '#')."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def read_lpr_table(path: Path | str = LPR_FILE) -> list[LprRow]:
    """The dated one-year LPR table with each row's status and source. A file of only
    ``date,rate`` (an office's own table) reads with status U and no source."""
    return [
        LprRow(
            date=datetime.date.fromisoformat(r["date"]),
            rate=Decimal(r["rate"]),
            status=(r.get("status") or "U").strip(),
            source=(r.get("source") or "").strip(),
        )
        for r in _dated_rows(path)
    ]


def read_lpr(path: Path | str = LPR_FILE) -> list[tuple[datetime.date, Decimal]]:
    """The dated one-year LPR table as (publication date, rate) pairs, what the engines join on."""
    return [(row.date, row.rate) for row in read_lpr_table(path)]


def read_benchmark(path: Path | str = BENCHMARK_FILE) -> list[tuple[datetime.date, tuple[Decimal, Decimal]]]:
    """The dated PBoC benchmark lending rates: (date, (six months or less, six months to one year))."""
    return [
        (datetime.date.fromisoformat(r["date"]), (Decimal(r["up_to_6m"]), Decimal(r["up_to_1y"])))
        for r in _dated_rows(path)
    ]


def evaluate_loans(
    rulebook: Rulebook,
    loans: str | list[str] | duckdb.DuckDBPyRelation,
    companies: Mapping[str, Mapping[str, Any]],
    *,
    as_of: datetime.date,
    con: duckdb.DuckDBPyConnection | None = None,
    max_listed: int = MAX_LISTED,
    lpr: list[tuple[datetime.date, Decimal]] | None = None,
    benchmark: list[tuple[datetime.date, tuple[Decimal, Decimal]]] | None = None,
) -> list[LoanFinding]:
    """Apply the loan rules in force on ``as_of`` to the loans of every company.

    ``loans``: a Parquet glob (or list of globs) of the hive-partitioned store, or a DuckDB
    relation with the stored columns (then ``con`` must be its connection). ``companies``
    maps a credit code to ``{"net_assets": Decimal, "approved_counties": [6-digit codes],
    "online_lending": bool}``; a company missing there has NULL context (its ratios on net
    assets are not applicable, its region is not checked, it is not an online lender). ``lpr``
    and ``benchmark`` replace the bundled rate tables. Findings come sorted by company, then in
    rulebook order."""
    rules = [r for r in rulebook if r.source == SOURCE and r.in_force(as_of)]
    if not rules:
        return []
    own = con is None
    if own:
        if isinstance(loans, duckdb.DuckDBPyRelation):
            raise LoanEvaluationError("a DuckDB relation needs its connection: pass con=")
        con = duck.connect_own()
        con.execute("SET preserve_insertion_order = false")  # the findings are sorted in Python
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    else:
        con.execute(DIV_MACRO)
    try:
        row_rules = [r for r in rules if r.is_row_rule]
        agg_rules = [r for r in rules if not r.is_row_rule]
        rates = {"lpr": lpr, "benchmark": benchmark}
        per_company = dict(_findings(con, rules, row_rules, agg_rules, loans, companies, as_of, rates, max_listed))
    finally:
        if own:
            con.close()
        else:
            for name in ("fs_loan_companies", "fs_lpr", "fs_lpr_at", "fs_bench", "fs_bench_at", "fs_loan_newer"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
            con.execute("DROP VIEW IF EXISTS fs_loans_input")
    order = {r.id: i for i, r in enumerate(rules)}
    return [f for c in sorted(per_company) for f in sorted(per_company[c], key=lambda f: order[f.rule_id])]


def _rule_columns(rule: Rule) -> set[str]:
    parts = (rule.condition, rule.formula, rule.threshold_expr)
    return set().union(*(p.columns for p in parts if p is not None))


def _findings(con, rules, row_rules, agg_rules, loans, companies, as_of, rates, max_listed):
    """(company, findings) for every company with live loans, from ONE grouped statement."""
    used = set().union(*(_rule_columns(r) for r in rules))
    stored = [c for c in LOAN_STORED_COLUMNS if c in used or c in _BASE_COLUMNS]
    # The keys a derived balance groups by (the group balance falls back on the borrower), the
    # purpose the purpose balances filter on, the dates the benchmark's term tier reads.
    keys = ["borrower_key"] if ({"borrower_group_balance"} | set(BORROWER_BALANCES)) & used else []
    keys += ["borrower_group_key"] if "borrower_group_balance" in used else []
    keys += ["purpose"] if {n for n, p in BORROWER_BALANCES.items() if p} & used else []
    keys += ["start_date", "due_date"] if BENCHMARK in used else []
    stored += [c for c in keys if c not in stored]
    source, by_name = _source_sql(con, loans)
    _load_companies(con, companies)
    lpr = rates["lpr"] if rates["lpr"] is not None else read_lpr()
    _dated_table(con, "fs_lpr", [(d, (r,)) for d, r in lpr], ("lpr_1y",), as_of)
    if BENCHMARK in used:
        benchmark = rates["benchmark"] if rates["benchmark"] is not None else read_benchmark()
        _dated_table(con, "fs_bench", benchmark, ("up_to_6m", "up_to_1y"), as_of)
    # The files of the store share one schema, and reading them as such is much faster than
    # unifying their columns by name (which reads every file's footer first, one by one). Should
    # a file differ (a column added by a later contract), the scan fails and is made by name.
    try:
        yield from _run(con, stored, used, row_rules, agg_rules, source, as_of, max_listed)
    except duckdb.Error:
        if by_name is None:
            raise
        yield from _run(con, stored, used, row_rules, agg_rules, by_name, as_of, max_listed)


def _dated_table(con, name: str, rows, columns: tuple[str, ...], as_of: datetime.date) -> None:
    """``name``: a dated rate table (date, then ``columns``, percent); ``name``_at: the rates in force
    on every day from the first date to as_of (a few thousand days, whatever the number of loans:
    an ASOF join on the days, not on every loan). A contract date before the first date finds no
    day: its rates are NULL, as the ASOF LEFT JOIN gives."""
    defs = ", ".join(f"{c} DECIMAL(9,4)" for c in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (date DATE, {defs})")
    if rows:
        casts = ", ".join(f"CAST(unnest(${i + 2}::VARCHAR[]) AS DECIMAL(9,4))" for i in range(len(columns)))
        values = [[str(v[i]) for _, v in rows] for i in range(len(columns))]
        con.execute(
            f"INSERT INTO {name} SELECT CAST(unnest($1::VARCHAR[]) AS DATE), {casts}",
            [[str(d) for d, _ in rows], *values],
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name}_at AS SELECT d.contract_date, {', '.join(f'p.{c}' for c in columns)} "
        f"FROM (SELECT CAST(unnest(range((SELECT min(date) FROM {name}), CAST($1 AS DATE) + 1, INTERVAL 1 DAY)) "
        f"AS DATE) AS contract_date) d ASOF LEFT JOIN {name} p ON d.contract_date >= p.date",
        [as_of],
    )


def _run(con, stored, used, row_rules, agg_rules, source, as_of, max_listed):
    # The few rows with loan_version > 1 find the superseded versions: a row is current unless a
    # higher version of the same loan exists ((company, loan_id, loan_version) is the store's key).
    # A left join against those few rows is much cheaper than a window over every loan.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fs_loan_newer AS SELECT CAST(company AS VARCHAR) AS company, "
        "CAST(loan_id AS VARCHAR) AS loan_id, max(CAST(loan_version AS INTEGER)) AS loan_version "
        f"FROM {source} WHERE loan_version > 1 GROUP BY ALL"
    )
    casts = ", ".join(f"CAST(s.{duck.quote(c)} AS {LOAN_STORED_COLUMNS[c]}) AS {duck.quote(c)}" for c in stored)
    live = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
    # The current, live loans, never stored: writing millions of strings into a DuckDB table cost
    # more than the rest of the evaluation, and keeping them in memory as a CTE spilled past
    # MEMORY_LIMIT. When the balances need them too, the files are read again (NOT MATERIALIZED):
    # 10 M loans, six rules: 2.7 s and 0.5 GB, against 3.4 s and 1.1 GB for a materialised CTE.
    ctes = [
        f"""fs_loans_cur AS NOT MATERIALIZED (SELECT {casts} FROM {source} s LEFT JOIN fs_loan_newer n
            ON n.company = CAST(s.company AS VARCHAR) AND n.loan_id = CAST(s.loan_id AS VARCHAR)
            WHERE CAST(s.contract_date AS DATE) <= $1 AND CAST(s.status AS VARCHAR) IN ({live})
            AND (n.loan_version IS NULL OR CAST(s.loan_version AS INTEGER) >= n.loan_version))"""
    ]
    # Balances per borrower (all its loans, or those of some purposes) and per borrower group (the
    # borrower alone when it has no group), grouped once and joined back to the loans only when the
    # rules read them. A balance the rules read only as its company's largest (MAX("balance") in an
    # aggregate rule: the single-borrower limits) is that largest, one row per company, joined on
    # the company alone: the same value as the largest over the loans of the borrowers' balances,
    # without matching millions of loans to their borrower's row.
    joins, cols = "", ""
    balances = [n for n in BORROWER_BALANCES if n in used]
    largest = {n for n in (*balances, "borrower_group_balance") if _read_as_largest(n, row_rules, agg_rules)}
    if balances:
        sums = ", ".join(f"{_purpose_sum(BORROWER_BALANCES[n])} AS {n}" for n in balances)
        ctes.append(f"fs_bal AS (SELECT company, borrower_key, {sums} FROM fs_loans_cur GROUP BY ALL)")
        per_loan = [n for n in balances if n not in largest]
        per_company = [n for n in balances if n in largest]
        if per_loan:
            cols += "".join(f", b.{n}" for n in per_loan)
            joins += " LEFT JOIN fs_bal b ON b.company = l.company AND b.borrower_key = l.borrower_key"
        if per_company:
            maxima = ", ".join(f"MAX({n}) AS {n}" for n in per_company)
            ctes.append(
                f"fs_bal_max AS (SELECT company, {maxima} FROM fs_bal WHERE borrower_key IS NOT NULL GROUP BY ALL)"
            )
            cols += "".join(f", bm.{n}" for n in per_company)
            joins += " LEFT JOIN fs_bal_max bm ON bm.company = l.company"
    if "borrower_group_balance" in used:
        ctes.append(
            "fs_gbal AS (SELECT company, COALESCE(borrower_group_key, borrower_key) AS gk, "
            "SUM(outstanding) AS borrower_group_balance FROM fs_loans_cur GROUP BY ALL)"
        )
        if "borrower_group_balance" in largest:
            ctes.append(
                "fs_gbal_max AS (SELECT company, MAX(borrower_group_balance) AS borrower_group_balance "
                "FROM fs_gbal WHERE gk IS NOT NULL GROUP BY ALL)"
            )
            cols += ", gm.borrower_group_balance"
            joins += " LEFT JOIN fs_gbal_max gm ON gm.company = l.company"
        else:
            cols += ", g.borrower_group_balance"
            joins += (
                " LEFT JOIN fs_gbal g ON g.company = l.company"
                " AND g.gk = COALESCE(l.borrower_group_key, l.borrower_key)"
            )
    if BENCHMARK in used:
        # The term tier: six months or less from the start date, else up to one year (the same
        # clamped month arithmetic as Spark's add_months).
        short = f"l.due_date <= CAST(l.start_date + INTERVAL {SHORT_TIER_MONTHS} MONTH AS DATE)"
        cols += f", CASE WHEN {short} THEN k.up_to_6m ELSE k.up_to_1y END AS {BENCHMARK}"
        joins += " LEFT JOIN fs_bench_at k ON k.contract_date = l.contract_date"
    ctes.append(
        f"fs_loans AS (SELECT l.*, c.net_assets, c.approved_counties, c.online_lending, a.lpr_1y{cols} "
        "FROM fs_loans_cur l LEFT JOIN fs_loan_companies c ON c.company = l.company "
        f"LEFT JOIN fs_lpr_at a ON a.contract_date = l.contract_date{joins})"
    )
    # All rules in one pass over the loans, grouped per company (net assets, the other group key,
    # is one value per company): for each ROW rule the count of hit loans and the first
    # max_listed of them; for each AGGREGATE rule its value (and its threshold when computed).
    selects = []
    for rule in row_rules:
        cond = f"COALESCE(TRY({rule.condition.sql}), FALSE)"
        selects.append(f"count(*) FILTER (WHERE {cond})")
        selects.append(f"list(loan_id ORDER BY loan_id) FILTER (WHERE {cond})[1:{int(max_listed)}]")
    # No TRY here: DuckDB refuses aggregates inside TRY. The exact parts of the value (and of a
    # computed threshold), decided in Python (exact.decide).
    for rule in agg_rules:
        selects.extend(rule.formula.parts)
        if rule.threshold_expr is not None:
            selects.extend(rule.threshold_expr.parts)
    keys = ", ".join(duck.quote(c) for c in DATA_SOURCES[SOURCE].per_group)
    sql = f"WITH {', '.join(ctes)} SELECT company, {', '.join(selects)} FROM fs_loans GROUP BY {keys} ORDER BY company"
    records = con.execute(sql, [as_of]).fetchall()
    for record in records:
        company, at, findings = record[0], 1, []
        for rule in row_rules:
            count, ids = record[at], record[at + 1] or []
            at += 2
            value = Decimal(count)
            threshold = _threshold(rule)
            passed = compare(value, rule.comparator, threshold)
            findings.append(_finding(company, rule, value, threshold, passed, tuple(ids), count))
        for rule in agg_rules:
            width = len(rule.formula.parts)
            parts, at = tuple(record[at : at + width]), at + width
            limit, shown = exact.as_quotient(_threshold(rule)), _threshold(rule)
            if rule.threshold_expr is not None:
                limit, at = _fetched(record, at, rule.threshold_expr)
                shown = None if limit is None else limit.display()
            value, passed = exact.decide(parts, rule.comparator, limit)
            findings.append(_finding(company, rule, value, shown, passed))
        yield company, findings


def _read_as_largest(name: str, row_rules, agg_rules) -> bool:
    """Whether the rules read the balance `name` only as MAX("name") in aggregate rules."""
    if any(name in _rule_columns(r) for r in row_rules):
        return False
    largest, quoted, seen = f"MAX({duck.quote(name)})", duck.quote(name), False
    for rule in agg_rules:
        if rule.condition is not None and name in rule.condition.columns:
            return False
        parts = (*rule.formula.parts, *(rule.threshold_expr.parts if rule.threshold_expr is not None else ()))
        for part in parts:
            if quoted in part:
                if part != largest:
                    return False
                seen = True
    return seen


def _fetched(record, at: int, expression) -> tuple[exact.Quotient | None, int]:
    """The exact value whose parts start at ``record[at]``, and where the next column starts."""
    width = len(expression.parts)
    return exact.quotient(*record[at : at + width]), at + width


def _source_sql(con, loans) -> tuple[str, str | None]:
    """The table expression of the loans, and another that unifies the files' columns by name
    (None when there is no other)."""
    if isinstance(loans, duckdb.DuckDBPyRelation):
        loans.create_view("fs_loans_input", replace=True)
        return "fs_loans_input", None
    globs = [loans] if isinstance(loans, (str, Path)) else list(loans)
    if not globs:
        raise LoanEvaluationError("no loan files given")
    quoted = ", ".join("'" + str(g).replace("'", "''") + "'" for g in globs)
    scan = f"read_parquet([{quoted}], hive_partitioning = true, hive_types_autocast = false"
    return scan + ")", scan + ", union_by_name = true)"


def _purpose_sum(purposes: tuple[str, ...] | None) -> str:
    if purposes is None:
        return "SUM(outstanding)"
    return f"SUM(outstanding) FILTER (WHERE purpose IN ({', '.join(repr(p) for p in purposes)}))"


def _load_companies(con, companies: Mapping[str, Mapping[str, Any]]) -> None:
    codes = list(companies)
    net_assets = [_text(companies[c].get("net_assets")) for c in codes]
    counties = [
        None if companies[c].get("approved_counties") is None else [str(x) for x in companies[c]["approved_counties"]]
        for c in codes
    ]
    online = [_flag(companies[c].get("online_lending")) for c in codes]
    types = LOAN_COMPANY_COLUMNS
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fs_loan_companies AS SELECT "
        "unnest($1::VARCHAR[]) AS company, "
        f"CAST(unnest($2::VARCHAR[]) AS {types['net_assets']}) AS net_assets, "
        f"unnest($3::VARCHAR[][]) AS approved_counties, "
        f"unnest($4::BOOLEAN[]) AS online_lending",
        [codes, net_assets, counties, online],
    )


def _flag(value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise LoanEvaluationError(f"online_lending must be true, false or null (got {value!r})")


def _text(value) -> str | None:
    return None if value is None else str(value)


def _threshold(rule: Rule):
    return (rule.threshold_low, rule.threshold_high) if rule.comparator == "between" else rule.threshold


def _finding(company, rule: Rule, value, threshold, passed, loan_ids=(), count=0) -> LoanFinding:
    return LoanFinding(
        company=company,
        rule_id=rule.id,
        rule_version=rule.version,
        value=value,
        threshold=threshold,
        comparator=rule.comparator,
        passed=passed,
        severity=rule.severity,
        citation=rule.citation,
        loan_ids=loan_ids,
        loan_count=count,
    )


__all__ = [
    "BENCHMARK_FILE",
    "LIVE_STATUSES",
    "LPR_FILE",
    "LoanEvaluationError",
    "LoanFinding",
    "LprRow",
    "evaluate_loans",
    "read_benchmark",
    "read_lpr",
    "read_lpr_table",
]
