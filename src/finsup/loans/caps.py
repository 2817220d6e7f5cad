"""Limits on a loan file, checked before its data is read: the columns of the header (the contract
has 21; a wider header is refused before a single data row is touched), the rows, and for .xlsx
the size once unpacked (from the zip's directory, nothing inflated).

Where each check happens:

- CSV      the header line (at most ``HEADER_BYTES`` read), columns counted by the most frequent
           of the delimiters DuckDB may detect; rows after loading (the file size is capped by the
           channel: FINSUP_LOAN_UPLOAD_MAX_BYTES for uploads)
- Parquet  the file's metadata (num_columns, num_rows), read by pyarrow before DuckDB opens it
- .xlsx    the zip directory (core.workbook_zip), then the first row only, from a stream of the
           sheet's XML that stops past the cap (core.workbook_zip.first_row_width); openpyxl then
           reads no more cells per row than the header has, and the rows are counted as read

The limits are settings (FINSUP_LOAN_MAX_COLUMNS, FINSUP_LOAN_MAX_ROWS,
FINSUP_LOAN_XLSX_MAX_UNPACKED_BYTES, with their defaults in config/settings/base.py), read at each call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from finsup.core.workbook_zip import TOO_LARGE_UNPACKED, first_row_width, workbook_zip_problem

from .errors import Code, IngestError

HEADER_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Caps:
    columns: int
    rows: int
    xlsx_unpacked_bytes: int


def current() -> Caps:
    """The caps in the settings, read at each call (a test may change them)."""
    return Caps(
        columns=settings.FINSUP_LOAN_MAX_COLUMNS,
        rows=settings.FINSUP_LOAN_MAX_ROWS,
        xlsx_unpacked_bytes=settings.FINSUP_LOAN_XLSX_MAX_UNPACKED_BYTES,
    )


def too_many_columns(caps: Caps) -> IngestError:
    return IngestError(
        f"文件的列数超过 {caps.columns} 列的上限（数据规范 v1 共 21 列）：请只保留规范中的列。",
        code=Code.TOO_MANY_COLUMNS,
    )


def too_many_rows(caps: Caps) -> IngestError:
    return IngestError(f"文件超过 {caps.rows} 行的上限：请拆分为多个文件分别报送。", code=Code.TOO_MANY_ROWS)


KINDS = {".csv": "CSV", ".txt": "CSV", ".parquet": "Parquet", ".xlsx": "Excel .xlsx"}


def unreadable(kind: str, *, line: int | None = None) -> IngestError:
    """The reader's own error names server paths and is in English: the sender gets this instead."""
    where = f"（第 {line} 行附近）" if line else ""
    hint = "（须为 UTF-8 编码，每行的列数与表头一致）" if kind == "CSV" else "，或文件已损坏"
    return IngestError(f"文件无法读取{where}：不是有效的 {kind} 文件{hint}。", code=Code.UNREADABLE)


def reader_failed(source: str, exc: Exception) -> IngestError:
    """DuckDB could not read the file named ``source``."""
    found = re.search(r"Line: (\d+)", str(exc))
    return unreadable(KINDS.get(Path(source).suffix.lower(), "CSV"), line=int(found[1]) if found else None)


def check_csv(path: Path, caps: Caps) -> None:
    with open(path, "rb") as handle:
        head = handle.read(HEADER_BYTES)
    line = head.split(b"\n", 1)[0]
    endless = b"\n" not in head and len(head) == HEADER_BYTES  # a header line of a megabyte or more
    if endless or max(line.count(d.encode()) for d in DELIMITERS) + 1 > caps.columns:
        raise too_many_columns(caps)


def check_parquet(path: Path, caps: Caps) -> None:
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
    except Exception:  # pyarrow raises ArrowInvalid, OSError... for what is not Parquet
        raise unreadable("Parquet") from None
    if meta.num_columns > caps.columns:
        raise too_many_columns(caps)
    if meta.num_rows > caps.rows:
        raise too_many_rows(caps)


def check_xlsx(path: Path, caps: Caps) -> None:
    """The zip directory (unpacked size), then the header's width from a stream of the first
    sheet's XML that stops after the cap: nothing inflated, no data row parsed."""
    problem = workbook_zip_problem(path, max_unpacked=caps.xlsx_unpacked_bytes)
    if problem == TOO_LARGE_UNPACKED:
        mb = caps.xlsx_unpacked_bytes // (1024 * 1024)
        raise IngestError(
            f"Excel 文件解压后超过 {mb} MB 的上限：请改用 CSV 或 Parquet 格式，或拆分为多个文件。",
            code=Code.TOO_LARGE_UNPACKED,
        )
    if problem:
        raise unreadable("Excel .xlsx")
    try:
        width = first_row_width(path, limit=caps.columns)
    except Exception:  # zipfile, ElementTree and openpyxl's column parser raise several types
        raise unreadable("Excel .xlsx") from None
    if width > caps.columns:
        raise too_many_columns(caps)
