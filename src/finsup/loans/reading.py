"""Reading a loan file into DuckDB's ``raw_in`` (every column as text, in file order): CSV and
Parquet by DuckDB itself, .xlsx through openpyxl into memory (the clear-text identifiers never
touch the disk). The caps (caps.py) are checked first; whatever a reader raises for a damaged file
becomes an IngestError with a code."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb

from . import caps
from .errors import Code, IngestError


def excel_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _load_excel(con: duckdb.DuckDBPyConnection, path: Path, limits: caps.Caps) -> None:
    """The first sheet, read-only, once caps.check_xlsx has passed the zip and the header's width:
    the header row (at most the column cap), then the data rows, only as many cells as the header
    has, counted against the row cap. Whatever openpyxl raises for a damaged workbook is "unreadable"."""
    import openpyxl

    caps.check_xlsx(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many different types for broken workbooks
        raise caps.unreadable("Excel .xlsx") from None
    try:
        if not book.worksheets:
            raise IngestError("Excel 文件中没有工作表。", code=Code.NO_SHEET)
        sheet = book.worksheets[0]
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=limits.columns, values_only=True), ())
        header = [str(h).strip() if h is not None else "" for h in first]
        while header and not header[-1]:
            header.pop()
        columns = _excel_columns(sheet, len(header), limits)
    except IngestError:
        raise
    except Exception:  # a sheet whose XML is broken
        raise caps.unreadable("Excel .xlsx") from None
    finally:
        book.close()
    load_columns(con, [(h, c) for h, c in zip(header, columns, strict=True) if h])


def _excel_columns(sheet, width: int, limits: caps.Caps) -> list[list[str | None]]:
    columns: list[list[str | None]] = [[] for _ in range(width)]
    if not width:
        return columns
    count = 0
    for row in sheet.iter_rows(min_row=2, max_col=width, values_only=True):
        if all(v is None for v in row):
            continue
        count += 1
        if count > limits.rows:
            raise caps.too_many_rows(limits)
        for i in range(width):
            columns[i].append(excel_text(row[i]) if i < len(row) else None)
    return columns


def load_columns(con: duckdb.DuckDBPyConnection, named: list[tuple[str, list[str | None]]]) -> None:
    """raw_in from columns held in memory. The values travel as list parameters: the clear-text
    identifiers never touch the disk."""
    if not named:
        con.execute("CREATE TEMP TABLE raw_in AS SELECT NULL::VARCHAR AS _empty WHERE false")
        return
    select = ", ".join(f'unnest(${i + 1}::VARCHAR[]) AS "{h}"' for i, (h, _) in enumerate(named))
    con.execute(f"CREATE TEMP TABLE raw_in AS SELECT {select}", [c for _, c in named])


def load_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Loads the file into raw_in, every column as text, in file order, after the format's caps."""
    suffix = path.suffix.lower()
    quoted = "'" + str(path).replace("'", "''") + "'"
    limits = caps.current()
    try:
        if suffix in (".csv", ".txt"):
            caps.check_csv(path, limits)
            con.execute(
                f"CREATE TEMP VIEW raw_in AS SELECT * FROM read_csv({quoted}, header = true, all_varchar = true, "
                "auto_detect = true, encoding = 'utf-8')"
            )
        elif suffix == ".parquet":
            caps.check_parquet(path, limits)
            con.execute(f"CREATE TEMP VIEW raw_in AS SELECT * FROM read_parquet({quoted})")
        elif suffix == ".xlsx":
            _load_excel(con, path, limits)
        else:
            raise IngestError(
                f"不支持的文件格式：{suffix}（请使用 CSV、Parquet 或 Excel .xlsx）", code=Code.UNSUPPORTED_FORMAT
            )
    except (duckdb.OutOfMemoryException, duckdb.InterruptException):
        raise
    except duckdb.Error as exc:
        raise caps.reader_failed(path.name, exc) from exc
