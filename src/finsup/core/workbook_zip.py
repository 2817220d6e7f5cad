"""The first look at an uploaded .xlsx before any spreadsheet library opens it: is it a zip with
the parts of an Office document, and how large would it be once unpacked (the sum of the
members' declared sizes, read from the zip's directory: nothing is decompressed). A small zip can
unpack to gigabytes; a reader must refuse it before openpyxl inflates a single part."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

NOT_A_WORKBOOK = "not_a_workbook"
TOO_LARGE_UNPACKED = "too_large_unpacked"


def workbook_zip_problem(source: str | Path | IO[bytes], *, max_unpacked: int) -> str | None:
    """None when ``source`` may be opened as a workbook, else NOT_A_WORKBOOK or TOO_LARGE_UNPACKED."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return NOT_A_WORKBOOK
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names:
        return NOT_A_WORKBOOK
    if sum(p.file_size for p in parts) > max_unpacked:
        return TOO_LARGE_UNPACKED
    return None
