"""The rule language: one scalar SQL expression, parsed and checked with sqlglot, run by DuckDB.

An expression is accepted only if every node of its syntax tree is on a short whitelist:
columns of the known schema, plain numeric or string literals, arithmetic, comparisons,
boolean logic, CASE, and the functions COALESCE, NULLIF, GREATEST, LEAST, ABS and ROUND
(aggregates only where the data source allows them; ``list_contains`` over a list column
of a data source only, e.g. the approved counties of the loan feed). Anything else (a subquery, a second
statement, an unknown function, a placeholder, a qualified column) is refused when the
rulebook or the catalogue loads. Nothing is ever handed to Python's eval.

Compilation rewrites the accepted tree for exact decimal arithmetic in DuckDB, which would
otherwise turn a DECIMAL division into a DOUBLE: each division becomes the macro
``fs_div`` (exact, 10 decimal places, NULL when dividing by zero) and each product is
brought back to DECIMAL(38,10) so that nested products cannot outgrow 38 digits.

A rule's value and threshold are also compiled as a QUOTIENT of two division-free expressions
(``numerator_sql`` / ``denominator_sql``): ``a / b + c`` becomes ``(a + c * b) / b``, which the
database computes exactly, so that the comparison with a limit is exact (``exact``), whatever the
magnitudes. A division is allowed only in the arithmetic of the value (+, -, *, /, parentheses),
not inside a CASE, a function or an aggregate, nor in a condition: there it could only be
computed to a fixed number of places. Write ``a > 0.5 * b`` rather than ``a / b > 0.5``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

DIALECT = "duckdb"
WORK_TYPE = "DECIMAL(38,10)"

# Exact decimal division: both operands scaled to integers (HUGEINT), integer division
# truncates toward zero, the quotient is scaled back to 10 decimal places.
DIV_MACRO = (
    "CREATE OR REPLACE MACRO fs_div(a, b) AS CASE WHEN b = 0 THEN NULL ELSE "
    "CAST(CAST(CAST(a AS DECIMAL(38,10)) * 10000000000 AS HUGEINT) * CAST(10000000000 AS HUGEINT) "
    "// CAST(CAST(b AS DECIMAL(38,10)) * 10000000000 AS HUGEINT) AS DECIMAL(38,0)) "
    "* CAST(0.0000000001 AS DECIMAL(11,10)) END"
)

_NUMBER = re.compile(r"^\d+(\.\d+)?$")

_STRUCTURE = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Paren,
    exp.Neg,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Case,
    exp.If,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Is,
    exp.Not,
    exp.And,
    exp.Or,
    exp.Between,
    exp.In,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
)
_FUNCTIONS = (exp.Coalesce, exp.Nullif, exp.Greatest, exp.Least, exp.Abs, exp.Round)
_AGGREGATES = (exp.Sum, exp.Count, exp.Avg, exp.Min, exp.Max)
_CAST_TYPES = ("decimal", "date", "int", "bigint")
_CONDITIONS = (exp.Predicate, exp.Connector, exp.Not, exp.Boolean, exp.ArrayContains)


class ExpressionError(ValueError):
    """An expression that is malformed or uses something outside the rule language."""


@dataclass(frozen=True)
class CompiledExpression:
    text: str  # as written in the file
    sql: str  # DuckDB SQL after the exact-arithmetic rewrite
    columns: frozenset[str]  # lower-case names of the columns it reads
    # The value as an exact quotient (compiled with exact=True): numerator / denominator, both
    # free of division; no denominator when the expression has no division.
    numerator_sql: str | None = None
    denominator_sql: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """The SQL a caller fetches to get the exact value: (numerator,) or (numerator, denominator)."""
        if self.numerator_sql is None:
            raise ValueError(f"{self.text!r} was not compiled with exact=True")
        return (self.numerator_sql,) if self.denominator_sql is None else (self.numerator_sql, self.denominator_sql)


def parse(
    text: str, *, allowed: Mapping[str, str] | set[str], aggregates: bool = False, lists: frozenset[str] = frozenset()
) -> exp.Expression:
    """Parse one scalar expression and check it against the whitelist and the known columns.

    ``allowed`` holds the lower-case column names the expression may read; ``lists`` those of
    them that are lists, which may only be read as the first argument of ``list_contains``."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    try:
        trees = [t for t in sqlglot.parse(text, read=DIALECT) if t is not None]
    except SqlglotError as err:
        raise ExpressionError(f"malformed SQL: {_first_line(err)}") from None
    if len(trees) != 1:
        raise ExpressionError("exactly one expression is allowed (no ';' and no second statement)")
    tree = trees[0]
    for node in tree.walk():
        _check_node(node, allowed, aggregates, lists)
    return tree


def compile_expression(
    text: str,
    *,
    allowed: Mapping[str, str] | set[str],
    role: str,
    aggregates: bool = False,
    lists: frozenset[str] = frozenset(),
    exact: bool = False,
) -> CompiledExpression:
    """Check an expression and rewrite it for DuckDB. ``role`` is "value" (a number) or
    "condition" (true/false); a value may not be a bare comparison and a condition must be one.
    With ``exact`` (the rules), a value is also compiled as an exact quotient and a condition
    may not divide."""
    tree = parse(text, allowed=allowed, aggregates=aggregates, lists=lists)
    check_role(tree, role)
    columns = frozenset(c.name.lower() for c in tree.find_all(exp.Column))
    numerator = denominator = None
    if exact and role == "condition" and tree.find(exp.Div):
        raise ExpressionError(
            "a condition cannot divide (it would be compared at a fixed number of places): "
            "multiply instead, e.g. 'a > 0.5 * b' for 'a / b > 0.5'"
        )
    if exact and role == "value":
        numerator, denominator = exact_quotient(tree)
    return CompiledExpression(
        text=text,
        sql=_rewrite(tree).sql(dialect=DIALECT),
        columns=columns,
        numerator_sql=numerator,
        denominator_sql=denominator,
    )


def exact_quotient(tree: exp.Expression) -> tuple[str, str | None]:
    """The expression as (numerator SQL, denominator SQL or None), both free of division.

    Whenever a divisor of the original expression is zero the value is undefined (``fs_div``
    gives NULL): the divisors that do not already appear as factors of the denominator are
    checked in the numerator, which is then NULL."""
    numerator, denominator, guards = _quotient(tree)
    if denominator is None:
        return to_sql(numerator), None
    own = {g.sql(dialect=DIALECT) for g in _factors(denominator)}
    extra = [g for g in guards if g.sql(dialect=DIALECT) not in own]
    if extra:
        undefined = exp.or_(*(exp.EQ(this=exp.Paren(this=g.copy()), expression=exp.Literal.number(0)) for g in extra))
        numerator = exp.Case(ifs=[exp.If(this=undefined, true=exp.Null())], default=numerator)
    return to_sql(numerator), to_sql(denominator)


def _quotient(node: exp.Expression):
    """(numerator, denominator or None, divisors that must not be zero) of an arithmetic tree."""
    if isinstance(node, exp.Paren):
        return _quotient(node.this)
    if isinstance(node, exp.Neg):
        n, d, g = _quotient(node.this)
        return exp.Neg(this=_wrap(n)), d, g
    if isinstance(node, (exp.Add, exp.Sub)):
        n1, d1, g1 = _quotient(node.this)
        n2, d2, g2 = _quotient(node.expression)
        if d1 is None and d2 is None:
            return type(node)(this=_wrap(n1), expression=_wrap(n2)), None, g1 + g2
        left, right = _times(n1, d2), _times(n2, d1)
        return type(node)(this=left, expression=right), _times(d1, d2), g1 + g2
    if isinstance(node, exp.Mul):
        n1, d1, g1 = _quotient(node.this)
        n2, d2, g2 = _quotient(node.expression)
        return _times(n1, n2), _times(d1, d2), g1 + g2
    if isinstance(node, exp.Div):
        n1, d1, g1 = _quotient(node.this)
        n2, d2, g2 = _quotient(node.expression)
        return _times(n1, d2), _times(d1, n2), g1 + g2 + [n2]
    if node.find(exp.Div):
        raise ExpressionError(
            f"a division inside '{node.sql(dialect=DIALECT)[:60]}' cannot be compared exactly: "
            "divide only in the arithmetic of the value (+, -, *, /, parentheses)"
        )
    return node, None, []


def _times(a: exp.Expression | None, b: exp.Expression | None) -> exp.Expression | None:
    if a is None:
        return b
    if b is None:
        return a
    return exp.Mul(this=_wrap(a), expression=_wrap(b))


def _wrap(node: exp.Expression) -> exp.Expression:
    simple = isinstance(node, (exp.Column, exp.Literal, exp.Paren, exp.Func, exp.Case))
    return node if simple else exp.Paren(this=node)


def _factors(node: exp.Expression) -> list[exp.Expression]:
    """The factors of a product (the node itself when it is not one)."""
    node = node.this if isinstance(node, exp.Paren) else node
    if isinstance(node, exp.Mul):
        return _factors(node.this) + _factors(node.expression)
    return [node]


def check_role(tree: exp.Expression, role: str) -> None:
    """A "value" must not be a bare comparison; a "condition" must be one (or AND/OR/NOT of them)."""
    root = tree.unnest() if isinstance(tree, exp.Paren) else tree
    is_condition = isinstance(root, _CONDITIONS)
    if role == "value" and is_condition:
        raise ExpressionError("a formula must give a number, not a comparison (put the comparison in 'comparator')")
    if role == "condition" and not is_condition:
        raise ExpressionError("a condition must be a comparison or a boolean expression")


def with_tolerance(tree: exp.Expression, tolerance: str) -> exp.Expression:
    """Loosen the comparisons of an identity check by an absolute tolerance: a = b becomes
    ABS(a - b) <= t, a <= b becomes a - b <= t, a >= b becomes b - a <= t. Only comparisons at
    the top of the check (alone or joined by AND) are loosened, never those inside a CASE."""
    tol = exp.Literal.number(tolerance)

    def loosen(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Paren):
            return exp.Paren(this=loosen(node.this))
        if isinstance(node, exp.And):
            return exp.And(this=loosen(node.this), expression=loosen(node.expression))
        if isinstance(node, exp.EQ):
            return exp.LTE(this=exp.Abs(this=_minus(node.this, node.expression)), expression=tol.copy())
        if isinstance(node, exp.LTE):
            return exp.LTE(this=_minus(node.this, node.expression), expression=tol.copy())
        if isinstance(node, exp.GTE):
            return exp.LTE(this=_minus(node.expression, node.this), expression=tol.copy())
        return node

    return loosen(tree.copy())


def columns_in_order(tree: exp.Expression) -> tuple[str, ...]:
    """The column names an expression reads, each once, in the order they are written."""
    return tuple(dict.fromkeys(c.name for c in tree.find_all(exp.Column, bfs=False)))


def check_target(tree: exp.Expression) -> str | None:
    """The field an identity check is about: of its first top-level comparison, the side that is a
    single column (the right one first: ``a + b = total``); else the first column it reads."""
    node = tree.unnest() if isinstance(tree, exp.Paren) else tree
    while isinstance(node, exp.And):
        node = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
    if isinstance(node, (exp.EQ, exp.LTE, exp.GTE, exp.LT, exp.GT)):
        for side in (node.expression, node.this):
            side = side.unnest() if isinstance(side, exp.Paren) else side
            if isinstance(side, exp.Column):
                return side.name
    columns = columns_in_order(tree)
    return columns[0] if columns else None


def expected_value(tree: exp.Expression, target: str | None) -> exp.Expression | None:
    """Of an identity ``expression = target`` (a single equality, either way round), the expression
    the target should equal; None for anything else (an inequality, several conditions)."""
    node = tree.unnest() if isinstance(tree, exp.Paren) else tree
    if not isinstance(node, exp.EQ) or target is None:
        return None
    for side, other in ((node.expression, node.this), (node.this, node.expression)):
        side = side.unnest() if isinstance(side, exp.Paren) else side
        if isinstance(side, exp.Column) and side.name == target:
            return other
    return None


def _minus(left: exp.Expression, right: exp.Expression) -> exp.Expression:
    return exp.Sub(this=exp.Paren(this=left.copy()), expression=exp.Paren(this=right.copy()))


def to_sql(tree: exp.Expression) -> str:
    return _rewrite(tree).sql(dialect=DIALECT)


def _check_node(
    node: exp.Expression, allowed: Mapping[str, str] | set[str], aggregates: bool, lists: frozenset[str]
) -> None:
    if isinstance(node, exp.Column):
        if node.table or node.args.get("db") or node.args.get("catalog"):
            raise ExpressionError(f"qualified column '{node.sql(dialect=DIALECT)}' is not allowed; write the bare name")
        if node.name.lower() not in allowed:
            raise ExpressionError(f"unknown column '{node.name}'")
        in_list_function = isinstance(node.parent, exp.ArrayContains) and node.arg_key == "this"
        if (node.name.lower() in lists) != in_list_function:
            raise ExpressionError(f"list column '{node.name}' is read only as list_contains(<list column>, <value>)")
        return
    if isinstance(node, exp.ArrayContains):
        first = node.this
        if not (isinstance(first, exp.Column) and first.name.lower() in lists):
            raise ExpressionError("list_contains takes a list column of the data source as its first argument")
        return
    if isinstance(node, exp.Literal):
        if not node.is_string and not _NUMBER.match(node.this):
            raise ExpressionError(f"number '{node.this}' must be written as plain decimal digits")
        return
    if isinstance(node, exp.In) and (node.args.get("query") or node.args.get("unnest") or node.args.get("field")):
        raise ExpressionError("IN takes a list of literals only")
    if isinstance(node, exp.Cast):
        if not node.to.is_type(*_CAST_TYPES):
            raise ExpressionError(f"CAST to {node.to.sql(dialect=DIALECT)} is not allowed")
        return
    if isinstance(node, exp.Star):
        if aggregates and isinstance(node.parent, exp.Count):
            return
        raise ExpressionError("'*' is not allowed")
    if isinstance(node, _STRUCTURE + _FUNCTIONS):
        return
    if isinstance(node, _AGGREGATES):
        if aggregates:
            return
        raise ExpressionError(f"aggregate function {node.sql_name()} is not allowed in a report-level rule")
    if isinstance(node, (exp.Select, exp.Subquery, exp.Query)):
        raise ExpressionError("subqueries and statements are not allowed")
    if isinstance(node, exp.Placeholder):
        raise ExpressionError("placeholders are not allowed")
    if isinstance(node, exp.Func):
        name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
        raise ExpressionError(f"function {name.upper()} is not allowed")
    raise ExpressionError(f"'{node.sql(dialect=DIALECT)[:60]}' is not allowed in a rule expression")


def _rewrite(tree: exp.Expression) -> exp.Expression:
    return _rewrite_node(tree.copy())


def _rewrite_node(node: exp.Expression) -> exp.Expression:
    # Post-order, so that the operands of a division or product are rewritten first.
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _rewrite_node(value))
        elif isinstance(value, list):
            node.set(key, [_rewrite_node(v) if isinstance(v, exp.Expression) else v for v in value])
    if isinstance(node, exp.Column):
        return exp.column(node.name.lower(), quoted=True)
    if isinstance(node, exp.ArrayContains):
        return exp.Anonymous(this="list_contains", expressions=[node.this, node.expression])
    if isinstance(node, exp.Div):
        return exp.Anonymous(this="fs_div", expressions=[node.this, node.expression])
    if isinstance(node, exp.Mul):
        return exp.Cast(this=exp.Paren(this=node), to=exp.DataType.build(WORK_TYPE, dialect=DIALECT))
    return node


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
