"""Evaluate the loan rules (``source = "loans"``) on Apache Spark, for a province's volume.

The same rulebook, the same Parquet store (``<store>/loans/company=<code>/``)
and the same findings as ``loans_engine.evaluate_loans`` (DuckDB): one ``LoanFinding`` per
company and rule, compared exactly and rounded to 6 decimals for display, sorted by company and then in rulebook order.

The rule texts are not rewritten by hand: each rule's compiled DuckDB SQL is translated to
Spark SQL by walking its sqlglot tree (``to_spark_sql``). Three things need more than a
change of spelling:
  * ``fs_div(a, b)``, DuckDB's exact division macro, becomes the same integer arithmetic
    written with Spark decimals: both operands scaled to integers, the remainder taken off,
    the exact integer quotient scaled back to 10 decimal places (truncated toward zero, NULL
    when ``b`` is 0). Spark has no 128-bit integer, but DECIMAL(38,0) holds the same range
    of integers for quotients below 10^18;
  * ``CAST(x AS INTEGER|BIGINT)`` rounds a decimal in DuckDB and truncates it in Spark: the
    operand is rounded first (half away from zero in both);
  * a bare ``DECIMAL`` means DECIMAL(18,3) in DuckDB and DECIMAL(10,0) in Spark: it is spelt out.
``list_contains`` becomes ``array_contains`` in the translation itself.

The loans are read once. The current state of a loan is its highest ``loan_version`` (a
window over the loan's rows), kept if contracted on or before ``as_of`` and live; the
borrower and borrower-group balances are windows over those loans. The one-year LPR as of
each contract date comes from a day-by-day calendar of ``data/lpr_1y.csv`` (a small table
joined on equality, instead of DuckDB's ASOF join), and so does the PBoC benchmark lending
rate of ``data/pboc_lending_benchmark.csv`` when a rule reads it. One grouped aggregation per company
then computes every rule. Only Spark SQL expressions run on the executors: no Python.

Arithmetic is pinned during an evaluation (``spark.sql.ansi.enabled`` true, decimal
precision loss allowed, as in Spark 4's defaults) and restored afterwards, so an overflow
fails the job instead of wrapping around silently.

Command line (the platform submits it with spark-submit, see docs/provincial-deployment.md)::

    python -m finsup.rulebook.spark_engine --store s3a://bucket/finsup --as-of 2025-06-30 \
        --companies companies.json --out findings.json [--rules-dir DIR]
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlglot
from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from sqlglot import exp

# Absolute imports: spark-submit runs this file as a script (see docs/provincial-deployment.md).
from finsup.catalogue.context import DATA_SOURCES, LOAN_COMPANY_COLUMNS, LOAN_STORED_COLUMNS
from finsup.rulebook import exact
from finsup.rulebook.engine import compare
from finsup.rulebook.findings_io import findings_to_json
from finsup.rulebook.loader import Rule, Rulebook, default_rulebook, load_rulebook
from finsup.rulebook.loans_engine import (
    BENCHMARK,
    BORROWER_BALANCES,
    LIVE_STATUSES,
    MAX_LISTED,
    SHORT_TIER_MONTHS,
    LoanEvaluationError,
    LoanFinding,
    read_benchmark,
    read_lpr,
)

SOURCE = "loans"
BASE_COLUMNS = ("company", "month", "loan_id", "loan_version", "contract_date", "status", "outstanding")
BALANCES = (*BORROWER_BALANCES, "borrower_group_balance")
EXACT_ARITHMETIC = {"spark.sql.ansi.enabled": "true", "spark.sql.decimalOperations.allowPrecisionLoss": "true"}

_TEN10 = "CAST(10000000000 AS DECIMAL(11,0))"
_SCALED = "CAST(CAST({x} AS DECIMAL(38,10)) * " + _TEN10 + " AS DECIMAL(38,0))"
# As DuckDB's DIV_MACRO: a * 10^20 div b * 10^10, truncated toward zero, times 10^-10. The
# remainder (sign of the dividend, as C's and DuckDB's) makes the quotient an exact integer,
# which Spark's DECIMAL(38,0) / DECIMAL(38,0) (a DECIMAL(38,6)) then holds exactly.
_FS_DIV = "CASE WHEN ({b}) = 0 THEN NULL ELSE CAST(({n} - {n} % {d}) / {d} AS DECIMAL(38,10)) / " + _TEN10 + " END"
_INTEGER_TYPES = (exp.DataType.Type.INT, exp.DataType.Type.BIGINT)


# --- translation ---------------------------------------------------------------------------


def to_spark_sql(duckdb_sql: str) -> str:
    """Translate one compiled rule expression (``CompiledExpression.sql``) to Spark SQL."""
    tree = sqlglot.parse_one(duckdb_sql, read="duckdb")
    # Children before parents, so that a nested fs_div is expanded before the one around it.
    for node in reversed(list(tree.walk())):
        replacement = _spark_node(node)
        if replacement is not node:
            if node is tree:
                tree = replacement
            else:
                node.replace(replacement)
    return tree.sql(dialect="spark")


def _spark_node(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and node.name.lower() == "fs_div":
        a, b = (e.sql(dialect="spark") for e in node.expressions)
        n = f"{_SCALED.format(x=a)} * {_TEN10}"
        return sqlglot.parse_one(_FS_DIV.format(b=b, n=f"({n})", d=f"({_SCALED.format(x=b)})"), read="spark")
    if isinstance(node, exp.Cast) and node.to.this in _INTEGER_TYPES:
        node.set("this", exp.Round(this=node.this))
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.DECIMAL and not node.expressions:
        return exp.DataType.build("DECIMAL(18,3)")
    return node


def spark_type(duckdb_type: str) -> str:
    """A column type of ``context`` (DuckDB spelling) in Spark's DDL spelling."""
    return exp.DataType.build(duckdb_type, dialect="duckdb").sql(dialect="spark")


def lpr_calendar(lpr: list[tuple[datetime.date, Any]], until: datetime.date) -> list[tuple[datetime.date, Any]]:
    """The rate (or rates) in force on each day from the first date to ``until`` of a dated table
    (the LPR, the benchmark): what an as-of join on it gives, as a table small enough to join on
    equality (about 365 rows a year)."""
    dated = sorted(lpr)
    if not dated:
        return []
    dates = [d for d, _ in dated]
    out, day = [], dates[0]
    while day <= until:
        out.append((day, dated[bisect.bisect_right(dates, day) - 1][1]))
        day += datetime.timedelta(days=1)
    return out


# --- evaluation ----------------------------------------------------------------------------


def evaluate_loans_spark(
    spark: SparkSession,
    rulebook: Rulebook,
    loans_path: str,
    companies: Mapping[str, Mapping[str, Any]],
    *,
    as_of: datetime.date,
    lpr: list[tuple[datetime.date, Decimal]] | None = None,
    max_listed: int = MAX_LISTED,
    benchmark: list[tuple[datetime.date, tuple[Decimal, Decimal]]] | None = None,
) -> list[LoanFinding]:
    """Apply the loan rules in force on ``as_of``, as ``loans_engine.evaluate_loans`` does.

    ``loans_path``: the folder holding the ``company=<code>/`` partitions (month a column)
    (``<store>/loans``), local or on object storage (``s3a://…``). ``companies`` as for
    ``evaluate_loans``: credit code -> ``{"net_assets": …, "approved_counties": [...],
    "online_lending": …}``."""
    rules = [r for r in rulebook if r.source == SOURCE and r.in_force(as_of)]
    if not rules:
        return []
    columns = [_spark_columns(rule, max_listed) for rule in rules]
    group = DATA_SOURCES[SOURCE].per_group
    with exact_arithmetic(spark):
        context = F.broadcast(_companies_frame(spark, companies))
        rates = F.broadcast(_lpr_frame(spark, lpr if lpr is not None else read_lpr(), as_of))
        loans = _current_loans(spark, loans_path, rules, as_of)
        table = loans.join(context, "company", "left").join(rates, "contract_date", "left")
        if BENCHMARK in set().union(*(_used_columns(r) for r in rules)):
            table = _with_benchmark(spark, table, benchmark if benchmark is not None else read_benchmark(), as_of)
        aggregates = [F.expr(sql).alias(f"c{i}_{j}") for i, sqls in enumerate(columns) for j, sql in enumerate(sqls)]
        records = table.groupBy(*group).agg(*aggregates).collect()
    findings = []
    for record in sorted(records, key=lambda r: r["company"]):
        for i, rule in enumerate(rules):
            values = [record[f"c{i}_{j}"] for j in range(len(columns[i]))]
            findings.append(_finding(record["company"], rule, values))
    return findings


@contextmanager
def exact_arithmetic(spark: SparkSession) -> Iterator[None]:
    """ANSI arithmetic (an overflow is an error, not a wrapped number) and Spark's decimal
    typing with precision loss (which the fs_div expansion relies on), then the settings as
    they were."""
    saved = {key: spark.conf.get(key, None) for key in EXACT_ARITHMETIC}
    for key, value in EXACT_ARITHMETIC.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def _used_columns(rule: Rule) -> set[str]:
    return set().union(*(p.columns for p in (rule.condition, rule.formula, rule.threshold_expr) if p is not None))


def _spark_columns(rule: Rule, max_listed: int) -> list[str]:
    """The aggregate expressions of one rule: count and sorted hit ids of a row rule (a
    condition that is NULL counts as not met), or the exact parts of the value (and threshold),
    compared exactly in Python as the DuckDB engine does."""
    if rule.is_row_rule:
        hit = f"COALESCE({to_spark_sql(rule.condition.sql)}, FALSE)"
        return [
            f"COUNT_IF({hit})",
            f"SLICE(ARRAY_SORT(COLLECT_LIST(CASE WHEN {hit} THEN loan_id END)), 1, {int(max_listed)})",
        ]
    exprs = [rule.formula] + ([rule.threshold_expr] if rule.threshold_expr is not None else [])
    return [to_spark_sql(part) for e in exprs for part in e.parts]


def _current_loans(spark: SparkSession, loans_path: str, rules: list[Rule], as_of: datetime.date) -> DataFrame:
    used = set().union(*(_used_columns(r) for r in rules))
    wanted = used | set(BASE_COLUMNS)
    if used & set(BALANCES):
        wanted |= {"borrower_key", "borrower_group_key", "purpose"}
    if BENCHMARK in used:
        wanted |= {"start_date", "due_date"}
    # A schema given up front keeps the partition values as text (credit codes are digits)
    # and reads only these columns; a column missing from older files is NULL.
    schema = ", ".join(f"`{c}` {spark_type(t)}" for c, t in LOAN_STORED_COLUMNS.items() if c in wanted)
    try:
        loans = spark.read.schema(schema).option("basePath", loans_path).parquet(loans_path)
    except AnalysisException as err:
        raise LoanEvaluationError(f"cannot read the loan store at {loans_path}: {err}") from None
    live = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
    # A row is current unless the same loan has a higher version (in any file, whatever its
    # contract date): the same test as the DuckDB engine's, as a window instead of a join.
    newer = "MAX(CASE WHEN loan_version > 1 THEN loan_version END) OVER (PARTITION BY company, loan_id)"
    current = (
        loans.withColumn("_newer", F.expr(newer))
        .where(F.col("contract_date") <= F.lit(as_of))
        .where(f"status IN ({live}) AND (_newer IS NULL OR _newer <= loan_version)")
        .drop("_newer")
    )
    # Balances of the live loans per borrower and per borrower group (the borrower when it has
    # none); a loan without a key has no balance, as the DuckDB engine's join gives.
    # The purpose balances sum only the loans of their purposes (NULL when the borrower has none).
    keys = {n: "borrower_key" for n in BORROWER_BALANCES}
    keys["borrower_group_balance"] = "COALESCE(borrower_group_key, borrower_key)"
    for name in BALANCES:
        if name in used:
            key, purposes = keys[name], BORROWER_BALANCES.get(name)
            amount = "outstanding" if purposes is None else f"CASE WHEN {_purpose_in(purposes)} THEN outstanding END"
            window = f"SUM({amount}) OVER (PARTITION BY company, {key})"
            current = current.withColumn(name, F.expr(f"CASE WHEN {key} IS NOT NULL THEN {window} END"))
    return current


def _purpose_in(purposes: tuple[str, ...]) -> str:
    return f"purpose IN ({', '.join(repr(p) for p in purposes)})"


def _with_benchmark(spark: SparkSession, table: DataFrame, benchmark, as_of: datetime.date) -> DataFrame:
    """The PBoC benchmark of each loan's term tier at its contract date (as the DuckDB engine:
    six months or less from the start date takes the short tier; add_months clamps to month end
    as DuckDB's interval arithmetic does)."""
    rows = [{"day": str(day), "s": str(short), "y": str(year)} for day, (short, year) in lpr_calendar(benchmark, as_of)]
    frame = _small_table(spark, rows, "day STRING, s STRING, y STRING").selectExpr(
        "CAST(day AS DATE) AS contract_date",
        "CAST(s AS DECIMAL(9,4)) AS _bench_6m",
        "CAST(y AS DECIMAL(9,4)) AS _bench_1y",
    )
    short = f"due_date <= add_months(start_date, {SHORT_TIER_MONTHS})"
    tier = f"CASE WHEN {short} THEN _bench_6m ELSE _bench_1y END"
    return (
        table.join(F.broadcast(frame), "contract_date", "left")
        .withColumn(BENCHMARK, F.expr(f"CAST({tier} AS DECIMAL(9,4))"))
        .drop("_bench_6m", "_bench_1y")
    )


def _companies_frame(spark: SparkSession, companies: Mapping[str, Mapping[str, Any]]) -> DataFrame:
    rows = []
    for code, context in companies.items():
        net_assets, counties = context.get("net_assets"), context.get("approved_counties")
        online = context.get("online_lending")
        if online is not None and not isinstance(online, bool):
            raise LoanEvaluationError(f"online_lending must be true, false or null (got {online!r})")
        rows.append(
            {
                "company": str(code),
                "net_assets": None if net_assets is None else str(net_assets),
                "approved_counties": None if counties is None else [str(c) for c in counties],
                "online_lending": online,
            }
        )
    schema = "company STRING, net_assets STRING, approved_counties ARRAY<STRING>, online_lending BOOLEAN"
    frame = _small_table(spark, rows, schema)
    net_assets_type = spark_type(LOAN_COMPANY_COLUMNS["net_assets"])
    return frame.selectExpr(
        "company", f"CAST(net_assets AS {net_assets_type}) AS net_assets", "approved_counties", "online_lending"
    )


def _lpr_frame(spark: SparkSession, lpr, as_of: datetime.date) -> DataFrame:
    rows = [{"day": str(day), "rate": str(rate)} for day, rate in lpr_calendar(lpr, as_of)]
    frame = _small_table(spark, rows, "day STRING, rate STRING")
    return frame.selectExpr("CAST(day AS DATE) AS contract_date", "CAST(rate AS DECIMAL(9,4)) AS lpr_1y")


def _small_table(spark: SparkSession, rows: list[dict], schema: str) -> DataFrame:
    """A small table made on the JVM from one JSON literal. (createDataFrame on a Python list
    would start a Python worker on an executor.) Values travel as text and are cast by Spark,
    as the DuckDB engine casts them."""
    parsed = F.from_json(F.lit(json.dumps(rows)), f"ARRAY<STRUCT<{schema}>>")
    return spark.range(1).select(F.inline(parsed))


def _finding(company: str, rule: Rule, values: list) -> LoanFinding:
    common = {
        "company": company,
        "rule_id": rule.id,
        "rule_version": rule.version,
        "comparator": rule.comparator,
        "severity": rule.severity,
        "citation": rule.citation,
    }
    fixed = (rule.threshold_low, rule.threshold_high) if rule.comparator == "between" else rule.threshold
    if rule.is_row_rule:
        count, ids = values
        value = Decimal(count)
        return LoanFinding(
            **common,
            value=value,
            threshold=fixed,
            passed=compare(value, rule.comparator, fixed),
            loan_ids=tuple(ids),
            loan_count=count,
        )
    width = len(rule.formula.parts)
    limit, shown = exact.as_quotient(fixed), fixed
    if rule.threshold_expr is not None:
        limit = exact.quotient(*values[width:])
        shown = None if limit is None else limit.display()
    value, passed = exact.decide(tuple(values[:width]), rule.comparator, limit)
    return LoanFinding(**common, value=value, threshold=shown, passed=passed)


# --- command line --------------------------------------------------------------------------


def read_companies(text: str) -> dict[str, dict[str, Any]]:
    """The companies export: ``{"<credit code>": {"net_assets": "10000000.00",
    "approved_counties": ["370102", ...], "online_lending": false}, ...}`` (net_assets as text or
    a number, or null; online_lending may be left out)."""
    data = json.loads(text, parse_float=Decimal)
    if not isinstance(data, dict):
        raise LoanEvaluationError("companies: expected an object keyed by credit code")
    out = {}
    for code, context in data.items():
        if not isinstance(context, dict) or set(context) - set(LOAN_COMPANY_COLUMNS):
            raise LoanEvaluationError(f"companies: {code}: expected keys among {', '.join(LOAN_COMPANY_COLUMNS)}")
        counties = context.get("approved_counties")
        if counties is not None and not isinstance(counties, list):
            raise LoanEvaluationError(f"companies: {code}: approved_counties must be a list")
        out[code] = dict(context)
    return out


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m finsup.rulebook.spark_engine", description="Evaluate the loan rulebook on Spark."
    )
    parser.add_argument("--store", required=True, help="the loan store root (holding loans/), a path or s3a://…")
    parser.add_argument("--as-of", required=True, type=datetime.date.fromisoformat, help="evaluation day, YYYY-MM-DD")
    parser.add_argument("--companies", required=True, type=Path, help="companies JSON exported by the platform")
    parser.add_argument("--out", required=True, help="findings JSON written on the driver ('-': standard output)")
    parser.add_argument("--rules-dir", type=Path, help="rule files (*.toml); default: the bundled rulebook")
    parser.add_argument("--lpr", type=Path, help="dated one-year LPR CSV; default: the bundled table")
    parser.add_argument(
        "--benchmark", type=Path, help="dated PBoC benchmark lending rates CSV; default: the bundled table"
    )
    parser.add_argument("--max-listed", type=int, default=MAX_LISTED, help="hit loans listed per finding")
    parser.add_argument("--master", help="Spark master; default: from spark-submit or the environment")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    rulebook = load_rulebook(args.rules_dir) if args.rules_dir else default_rulebook()
    companies = read_companies(args.companies.read_text(encoding="utf-8"))
    lpr = read_lpr(args.lpr) if args.lpr else None
    benchmark = read_benchmark(args.benchmark) if args.benchmark else None
    own = SparkSession.getActiveSession() is None
    builder = SparkSession.builder.appName("finsup-loan-rules")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        findings = evaluate_loans_spark(
            spark,
            rulebook,
            args.store.rstrip("/") + "/loans",
            companies,
            as_of=args.as_of,
            lpr=lpr,
            max_listed=args.max_listed,
            benchmark=benchmark,
        )
    finally:
        if own:
            spark.stop()
    text = findings_to_json(findings)
    if args.out == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    failed = sum(1 for f in findings if f.passed is False)
    print(f"{len(findings)} findings, {failed} failed, as of {args.as_of}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
