"""Loan files that are damaged or built to exhaust a reader, written byte by byte (no spreadsheet
library: what they hold is exactly what a hostile sender can put there)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from openpyxl.utils import get_column_letter

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook_parts(sheets: list[str]) -> dict[str, str]:
    entries = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, len(sheets) + 1))
        ),
        "_rels/.rels": _RELS,
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}"><sheets>{entries}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ),
    }
    for i, xml in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    return parts


def _zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def _cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: list[list]) -> str:
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{body}</sheetData></worksheet>'


def workbook(path: Path, rows: list[list]) -> Path:
    return _zip(path, _workbook_parts([sheet_xml(rows)]))


def wide_workbook(path: Path, *, columns: int = 16_384, data_rows: int = 200) -> Path:
    """A header ``columns`` wide (the most Excel allows: 16,384) and data rows as wide: a few hundred
    kilobytes zipped, gigabytes in a reader that takes every row as wide as the header."""
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    header = "".join(f'<c r="{col}1" t="inlineStr"><is><t>c{i}</t></is></c>' for i, col in enumerate(letters))
    out = io.StringIO()
    out.write(f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{letters[-1]}{data_rows + 1}"/><sheetData>')
    out.write(f'<row r="1">{header}</row>')
    wide_row = "<c><v>1</v></c>" * columns  # cells without a reference: the reader counts them
    for r in range(2, data_rows + 2):
        out.write(f'<row r="{r}">{wide_row}</row>')
    out.write("</sheetData></worksheet>")
    return _zip(path, _workbook_parts([out.getvalue()]))


def no_sheet_workbook(path: Path) -> Path:
    return _zip(path, _workbook_parts([]))


def zip_bomb_workbook(path: Path, *, unpacked: int) -> Path:
    """A workbook whose sheet declares ``unpacked`` bytes once inflated (spaces: a few KB zipped)."""
    parts = _workbook_parts([sheet_xml([["company_credit_code"]])])
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"] + " " * unpacked
    return _zip(path, parts)


def random_bytes(path: Path, size: int = 4096) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_not_a_workbook(path: Path) -> Path:
    return _zip(path, {"readme.txt": "not a workbook", "[Content_Types].xml": "<Types/>"})


def far_cell_workbook(path: Path) -> Path:
    """A narrow-looking header: two cells, the second in the last column Excel has (XFD1)."""
    row = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>company_credit_code</t></is></c>'
        '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return _zip(path, _workbook_parts([f'<worksheet xmlns="{_MAIN}"><sheetData>{row}</sheetData></worksheet>']))
