"""DuckDB plumbing shared by the rule engine and the catalogue checks: a connection with the
exact-division macro, typed tables built from Python rows in one statement, and dry binding
of compiled expressions (type errors surface when the files load, not at evaluation)."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence

import duckdb

from .sqlexpr import DIV_MACRO

ROW_INDEX = "_i"
NUMERIC_PREFIXES = ("DECIMAL", "INTEGER", "BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "UINTEGER", "UBIGINT")


Error = duckdb.Error


class DataError(ValueError):
    """A value that cannot be read as its column's type."""


# The process's in-memory database, made on first use (and again in a forked child), with the macro.
_shared: tuple[int, duckdb.DuckDBPyConnection] | None = None
_shared_lock = threading.Lock()


def connect() -> duckdb.DuckDBPyConnection:
    """A connection of its own to the process's in-memory database: about 0.4 ms, where a new
    database costs about 25 ms, twice per filing. Its temporary tables are its own and go when it is
    closed; the exact-division macro belongs to the database. Stage rows in TEMP tables only (a plain
    table would be the database's, seen by every later connection). Each thread uses its own
    connection; the caller closes it. A job that changes the database's settings takes `connect_own`."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            _shared = (os.getpid(), connect_own())
        return _shared[1].cursor()


def connect_own() -> duckdb.DuckDBPyConnection:
    """A database of its own (a bulk job's: its memory limit and settings touch nobody else)."""
    con = duckdb.connect(":memory:")
    con.execute(DIV_MACRO)
    return con


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_empty(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str]) -> None:
    cols = ", ".join(f"{quote(n)} {t}" for n, t in columns.items()) or f"{ROW_INDEX} INTEGER"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(table)} ({cols})")


def bound_type(con: duckdb.DuckDBPyConnection, table: str, sql: str) -> str:
    """The DuckDB type of an expression over a table, found without reading any row."""
    return con.execute(f"DESCRIBE SELECT ({sql}) AS v FROM {quote(table)}").fetchall()[0][1]


def load_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, str],
    rows: Sequence[Mapping],
    keys: Mapping[str, str] | None = None,
) -> None:
    """Create ``table`` with one row per mapping: column ``_i`` is the position in ``rows``.

    Values travel as one text list per column and are cast in SQL (str() of a Decimal, int,
    bool, date or str is text DuckDB reads exactly), so Decimals stay exact and the whole
    table is built by a single statement. ``keys`` maps a column to the dict key holding its
    value when the two differ; a missing key is NULL."""
    keys = keys or {}
    names = list(columns)
    lists = [_column_text(rows, keys.get(n, n)) for n in names]
    selects = [f"CAST(unnest(${i + 1}::VARCHAR[]) AS {columns[n]}) AS {quote(n)}" for i, n in enumerate(names)]
    selects.append(f"CAST(unnest(range(${len(names) + 1})) AS INTEGER) AS {ROW_INDEX}")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(table)} AS SELECT {', '.join(selects)}", [*lists, len(rows)])
    except duckdb.ConversionException as err:
        raise DataError(f"{table}: a value cannot be read as its column's type: {err}") from None


def _column_text(rows: Sequence[Mapping], key: str) -> list[str | None]:
    out = []
    for row in rows:
        value = row.get(key)
        out.append(None if value is None else str(value))
    return out
