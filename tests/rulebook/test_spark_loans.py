"""The loan rulebook on Apache Spark (local mode) gives the DuckDB engine's findings, on the
hand-made store of test_loan_rules (the loans whose hits are counted by hand there).

One local SparkSession serves the module. These tests never skip: without Java they fail."""

import datetime
import json
import os
import shutil
from decimal import Decimal

import duckdb
import pytest

from finsup.catalogue.context import LOAN_STORED_COLUMNS
from finsup.catalogue.sqlexpr import DIV_MACRO
from finsup.rulebook import Citation, default_rulebook
from finsup.rulebook.findings_io import FindingsFormatError, findings_from_json, findings_to_json
from finsup.rulebook.loans_engine import LoanEvaluationError, LoanFinding, evaluate_loans, read_lpr
from finsup.rulebook.spark_engine import evaluate_loans_spark, exact_arithmetic, lpr_calendar, main, to_spark_sql

from .test_loan_rules import AS_OF, C1, C2, COMPANIES, write_store


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java 17 or later and none is on the PATH: apt-get install default-jre-headless")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("finsup-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "512m")
    )
    # The job must need no Python on the executors (a cluster's executors have no finsup): the
    # session takes its workers' Python from PYSPARK_PYTHON when it starts, and a Python worker
    # (a UDF) would fail to start here.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", "/nonexistent/python")
        # A local session on the loopback address: it needs no resolvable host name.
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The hand-made store, each file re-written with the stored column types, as ingestion
    writes them. (The hand-made writer leaves an all-NULL column as INT32, which DuckDB casts
    on reading but Spark's read with the stored schema refuses.)"""
    root = tmp_path_factory.mktemp("store")
    write_store(root)
    con = duckdb.connect()
    cols = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in LOAN_STORED_COLUMNS.items() if c != "company")
    for path in sorted(root.glob("loans/*/*.parquet")):
        source = f"read_parquet('{path}', hive_partitioning = false)"
        con.execute(f"COPY (SELECT {cols} FROM {source}) TO '{path}.tmp' (FORMAT parquet)")
        os.replace(f"{path}.tmp", path)
    con.close()
    return root


def _duckdb(store, **kwargs) -> list[LoanFinding]:
    return evaluate_loans(default_rulebook(), str(store / "loans" / "*" / "*.parquet"), COMPANIES, **kwargs)


@pytest.mark.parametrize(
    "as_of, max_listed",
    [(AS_OF, 1000), (AS_OF, 1), (datetime.date(2025, 1, 31), 1000)],
)
def test_spark_gives_the_duckdb_findings(spark, store, as_of, max_listed):
    expected = _duckdb(store, as_of=as_of, max_listed=max_listed)
    found = evaluate_loans_spark(
        spark, default_rulebook(), str(store / "loans"), COMPANIES, as_of=as_of, max_listed=max_listed
    )
    assert found == expected
    # Same digits too (Decimal equality ignores the scale), and the case is not empty.
    assert [(str(f.value), str(f.threshold)) for f in found] == [(str(f.value), str(f.threshold)) for f in expected]
    assert any(f.passed is False for f in found) and any(f.passed is None for f in found)
    if as_of == AS_OF:
        assert len(found) == 39
        single = next(f for f in found if (f.company, f.rule_id) == (C1, "loan_single_borrower"))
        assert (single.value, single.passed) == (Decimal("0.110000"), False)


def test_division_and_casts_match_duckdb(spark):
    """fs_div (exact, truncated at 10 places, NULL on zero), nested, and a cast to an integer
    (rounded) give the same numbers in both engines."""
    pairs = [
        ("1", "3"),
        ("-2", "3"),
        ("2", "-3"),
        ("0", "5"),
        ("1", "0"),
        ("1234567.89", "0.07"),
        ("99999999999999.99", "0.01"),
        ("10", "4"),
        ("2.5", "1"),
        (None, "1"),
        ("1", None),
    ]
    exprs = ["fs_div(a, b)", "fs_div(fs_div(a, b), b)", "CAST(fs_div(a, b) AS BIGINT)", "CAST(a AS DECIMAL)"]
    rows = ", ".join(
        "(" + ", ".join("NULL" if v is None else f"CAST('{v}' AS DECIMAL(20,2))" for v in pair) + ")" for pair in pairs
    )
    con = duckdb.connect()
    con.execute(DIV_MACRO)
    expected = con.execute(f"SELECT {', '.join(exprs)} FROM (VALUES {rows}) t(a, b)").fetchall()
    con.close()
    spark_exprs = ", ".join(to_spark_sql(e) for e in exprs)
    with exact_arithmetic(spark):
        found = spark.sql(f"SELECT {spark_exprs} FROM VALUES {rows} AS t(a, b)").collect()
    assert [tuple(r) for r in found] == expected
    assert expected[0][0] == Decimal("0.3333333333") and expected[1][0] == Decimal("-0.6666666666")


def test_no_python_worker_can_start_in_this_session(spark):
    """What makes the comparisons above prove that the executors need no Python."""
    from pyspark.sql import functions as F

    with pytest.raises(Exception, match="nonexistent/python"):
        spark.range(1).select(F.udf(lambda x: x, "long")("id")).collect()


def test_the_translation_is_mechanical():
    sql = default_rulebook().get("loan_outside_region").condition.sql
    assert to_spark_sql(sql) == "NOT ARRAY_CONTAINS(`approved_counties`, `borrower_county`)"
    assert "fs_div" not in to_spark_sql(default_rulebook().get("loan_single_borrower").formula.sql).lower()


def test_lpr_calendar_takes_the_latest_rate_on_or_before_each_day():
    lpr = read_lpr()
    days = dict(lpr_calendar(lpr, datetime.date(2024, 10, 21)))
    assert days[datetime.date(2024, 10, 20)] == Decimal("3.35")
    assert days[datetime.date(2024, 10, 21)] == Decimal("3.10")
    assert min(days) == lpr[0][0] and max(days) == datetime.date(2024, 10, 21)
    assert lpr_calendar([], datetime.date(2025, 1, 1)) == []


def test_a_missing_store_is_an_evaluation_error(spark, tmp_path):
    with pytest.raises(LoanEvaluationError, match="cannot read the loan store"):
        evaluate_loans_spark(spark, default_rulebook(), str(tmp_path / "loans"), COMPANIES, as_of=AS_OF)


def test_findings_json_round_trip(store):
    findings = _duckdb(store, as_of=AS_OF)
    between = LoanFinding(
        company=C2,
        rule_id="x",
        rule_version="abc",
        value=None,
        threshold=(Decimal("0.10"), Decimal("0.200")),
        comparator="between",
        passed=None,
        severity="info",
        citation=Citation(document="银保监办发〔2020〕86号", article="一（四）", document_en="CBIRC notice"),
    )
    text = findings_to_json([*findings, between])
    back = findings_from_json(text)
    assert back == [*findings, between]
    assert [str(f.value) for f in back] == [str(f.value) for f in [*findings, between]]
    assert back[-1].threshold == (Decimal("0.10"), Decimal("0.200")) and str(back[-1].threshold[1]) == "0.200"
    with pytest.raises(FindingsFormatError):
        findings_from_json(json.dumps({"format": "other", "version": 1, "findings": []}))
    with pytest.raises(FindingsFormatError):
        findings_from_json(text.replace('"rule_id"', '"rule"'))


def test_command_line_writes_the_findings(spark, store, tmp_path):
    companies = tmp_path / "companies.json"
    companies.write_text(json.dumps(COMPANIES, default=str), encoding="utf-8")
    out = tmp_path / "findings.json"
    argv = ["--store", str(store), "--as-of", "2025-06-30", "--companies", str(companies), "--out", str(out)]
    assert main([*argv, "--master", "local[2]"]) == 0
    assert findings_from_json(out.read_text(encoding="utf-8")) == _duckdb(store, as_of=AS_OF)
    assert spark.range(1).count() == 1  # the session it found was not stopped


def test_spark_finds_the_one_yuan_breaches_too(spark, tmp_path):
    from .test_loan_boundaries import AS_OF as BOUNDARY_DAY
    from .test_loan_boundaries import companies, expected, write_boundary_store

    store = write_boundary_store(tmp_path)
    found = evaluate_loans_spark(spark, default_rulebook(), store, companies(), as_of=BOUNDARY_DAY)
    assert {(f.company, f.rule_id): f.passed for f in found if f.company.startswith(f"{f.rule_id}-")} == expected()
    duck = evaluate_loans(default_rulebook(), f"{store}/*/*.parquet", companies(), as_of=BOUNDARY_DAY)
    assert found == duck
