"""The first look at an uploaded .xlsx before any spreadsheet library opens it: is it a zip with
the parts of an Office document, and how large would it be once unpacked (the sum of the
members' declared sizes, read from the zip's directory: nothing is decompressed). A small zip can
unpack to gigabytes; a reader must refuse it before openpyxl inflates a single part.

``first_row_width``: how wide the first sheet's header is, from a stream of its XML that stops
at the end of the first row (openpyxl, even read-only, builds every cell of that row first: about
a second for a 16,384-cell header)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

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


_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _targets(archive: zipfile.ZipFile, rels: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) of a .rels part; targets resolved against ``base``."""
    root = ElementTree.fromstring(archive.read(rels))
    out = {}
    for rel in root.iter(f"{_PACKAGE_RELS}Relationship"):
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), name)
    return out


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first worksheet (chart sheets skipped, as openpyxl's worksheets)."""
    office = [n for t, n in _targets(archive, "_rels/.rels", "").values() if t.endswith("/officeDocument")]
    book = office[0] if office else "xl/workbook.xml"
    folder, name = posixpath.split(book)
    rels = _targets(archive, posixpath.join(folder, "_rels", name + ".rels"), folder)
    for sheet in ElementTree.fromstring(archive.read(book)).iter():
        if _local(sheet.tag) == "sheet":
            kind, part = rels.get(sheet.get(f"{_DOC_RELS}id", ""), ("", ""))
            if kind.endswith("/worksheet"):
                return part
    return None


def first_row_width(source: str | Path | IO[bytes], *, limit: int) -> int:
    """How many columns the first row of the first worksheet spans (its last cell's column), read
    as a stream: it stops at the end of that row, or as soon as the width passes ``limit``, so a
    16,384-cell header costs no more than a narrow one. 0 when the sheet has no row (or no sheet).
    Raises zipfile.BadZipFile, KeyError or ElementTree.ParseError on a damaged workbook."""
    from openpyxl.utils.cell import column_index_from_string

    with zipfile.ZipFile(source) as archive:
        part = first_sheet_part(archive)
        if part is None:
            return 0
        width, column, in_row = 0, 0, False
        with archive.open(part) as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = _local(element.tag)
                if tag == "row":
                    if event == "end":
                        return width
                    in_row = True
                elif tag == "c" and event == "start" and in_row:
                    ref = element.get("r")
                    letters = ref.rstrip("0123456789") if ref else ""
                    column = column_index_from_string(letters) if letters else column + 1
                    width = max(width, column)
                    if width > limit:
                        return width
        return width
