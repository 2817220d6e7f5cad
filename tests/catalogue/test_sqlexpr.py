"""The rule language: what it accepts, and exact decimal arithmetic in DuckDB."""

from decimal import Decimal

import pytest

from finsup.catalogue import duck
from finsup.catalogue.sqlexpr import ExpressionError, compile_expression, parse, to_sql, with_tolerance

COLUMNS = {"a", "b", "c"}


@pytest.mark.parametrize(
    "text",
    [
        "a + b - c",
        "(a + b) / NULLIF(c, 0)",
        "CASE WHEN a < 1 THEN 3 WHEN b >= 2 THEN 5 ELSE 3 END",
        "COALESCE(a, 0) * 2",
        "GREATEST(a, b) - LEAST(b, c)",
        "ABS(ROUND(a / 3, 2))",
        "-a",
        "CASE WHEN a IS NULL OR NOT b > 0 THEN 0 ELSE c END",
        "CASE WHEN a IN (1, 2) AND b BETWEEN 0 AND 1 THEN 1 END",
        "CASE WHEN c >= DATE '2020-01-01' THEN 1 END",
    ],
)
def test_accepted_expressions(text):
    compile_expression(text, allowed=COLUMNS, role="value")


def test_aggregates_only_where_the_source_allows_them():
    with pytest.raises(ExpressionError, match="aggregate"):
        compile_expression("SUM(a) / COUNT(*)", allowed=COLUMNS, role="value")
    compiled = compile_expression("SUM(a) / COUNT(*)", allowed=COLUMNS, role="value", aggregates=True)
    assert "SUM" in compiled.sql


def run(sql: str):
    con = duck.connect()
    try:
        return con.execute(f"SELECT {sql}").fetchall()[0][0]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 / 3", Decimal("0.3333333333")),
        ("-2 / 3", Decimal("-0.6666666666")),
        ("3000000.00 / 10000000.00", Decimal("0.3")),
        ("1 / 0", None),
        ("0.1 * 3", Decimal("0.3")),
        ("10000000000000.00 / 0.01", Decimal("1000000000000000")),
    ],
)
def test_division_and_products_stay_exact_decimals(text, expected):
    result = run(compile_expression(text, allowed=set(), role="value").sql)
    assert result == expected
    assert result is None or isinstance(result, Decimal)


def test_tolerance_loosens_top_level_comparisons_only():
    tree = parse("a + b = c AND a <= b AND CASE WHEN a = 1 THEN TRUE END", allowed=COLUMNS)
    sql = to_sql(with_tolerance(tree, "100"))
    assert 'ABS(("a" + "b") - ("c")) <= 100' in sql
    assert '("a") - ("b") <= 100' in sql
    assert 'WHEN "a" = 1' in sql


def _exact_value(text: str, **values) -> tuple:
    """The (numerator, denominator) DuckDB computes for the exact form of ``text``."""
    compiled = compile_expression(text, allowed=COLUMNS, role="value", exact=True)
    con = duck.connect()
    try:
        con.execute("CREATE TEMP TABLE t (a DECIMAL(20,2), b DECIMAL(20,2), c DECIMAL(20,2))")
        con.execute("INSERT INTO t VALUES (?, ?, ?)", [values.get("a"), values.get("b"), values.get("c")])
        return con.execute(f"SELECT {', '.join(compiled.parts)} FROM t").fetchone()
    finally:
        con.close()


@pytest.mark.parametrize(
    ("text", "values", "quotient"),
    [
        ("a", {"a": "7"}, Decimal("7")),
        ("a / b", {"a": "1", "b": "3"}, Decimal(1) / Decimal(3)),
        ("(a + b) / c", {"a": "1", "b": "2", "c": "7"}, Decimal(3) / Decimal(7)),
        ("a / b + c", {"a": "1", "b": "3", "c": "2"}, Decimal(7) / Decimal(3)),
        ("a / (b / c)", {"a": "1", "b": "3", "c": "2"}, Decimal(2) / Decimal(3)),
        ("-a / b * c", {"a": "1", "b": "4", "c": "2"}, Decimal("-0.5")),
        ("a / b - b / c", {"a": "1", "b": "2", "c": "4"}, Decimal("0")),
    ],
)
def test_a_value_compiles_to_an_exact_quotient(text, values, quotient):
    parts = _exact_value(text, **values)
    value = parts[0] if len(parts) == 1 else Decimal(parts[0]) / Decimal(parts[1])
    assert value == quotient


def test_every_divisor_of_the_original_must_be_non_zero():
    # a / (b / c) is undefined when c = 0 although the quotient's denominator is b
    numerator, denominator = _exact_value("a / (b / c)", a="1", b="3", c="0")
    assert numerator is None and denominator == Decimal("3")


@pytest.mark.parametrize(
    ("text", "role", "problem"),
    [
        ("ROUND(a / b, 2)", "value", "cannot be compared exactly"),
        ("CASE WHEN a > 0 THEN a / b ELSE 0 END", "value", "cannot be compared exactly"),
        ("a / b > 0.5", "condition", "a condition cannot divide"),
    ],
)
def test_an_inexact_division_is_refused_in_rules(text, role, problem):
    with pytest.raises(ExpressionError, match=problem):
        compile_expression(text, allowed=COLUMNS, role=role, exact=True)
    compile_expression(text, allowed=COLUMNS, role=role)  # the catalogue's checks may still divide
