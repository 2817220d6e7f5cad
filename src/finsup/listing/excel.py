"""The yearly figures as an Excel file: one row per county and the total, money in 万元."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from finsup.core.numbers import WAN

from .selectors import FiguresRow, figure_stages

CENT = Decimal("0.01")


def header() -> list[str]:
    return [
        _("County"),
        *[str(s.label) for s in figure_stages()],
        _("In the reserve"),
        _("Newly listed"),
        _("Listed companies"),
        _("Raised at listing (10k yuan)"),
        _("Subsidies paid (10k yuan)"),
    ]


def _row(row: FiguresRow, label: str) -> list:
    return [
        label,
        *row.cells,
        row.reserve,
        row.newly_listed,
        row.listed,
        (row.ipo_amount / WAN).quantize(CENT),
        (row.subsidies_paid / WAN).quantize(CENT),
    ]


def workbook(year: int, rows: list[FiguresRow], total: FiguresRow) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append(header())
    for row in rows:
        sheet.append(_row(row, row.label))
    sheet.append(_row(total, _("Total")))
    for cells in sheet.iter_rows(min_row=2, min_col=len(header()) - 1):
        for cell in cells:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
