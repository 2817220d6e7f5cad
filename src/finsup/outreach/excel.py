"""The yearly outreach summary as an Excel workbook: one sheet with the totals per channel, per
office and of the May campaign month, then a sheet listing the campaigns."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .selectors import Reach, YearSummary


def _figures(r: Reach) -> list[int]:
    return [r.events, r.audience, r.copies, r.views]


def _header(ws, cells: list[str]) -> None:
    ws.append(cells)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def summary_workbook(*, summary: YearSummary) -> bytes:
    figures = [_("Events"), _("People reached"), _("Copies distributed"), _("Views or listeners")]
    wb = Workbook()
    ws = wb.active
    ws.title = str(summary.year)
    ws.append([_("%(office)s: outreach in %(year)s") % {"office": summary.office.name, "year": summary.year}])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    _header(ws, [_("Channel"), *figures])
    for r in summary.channels:
        ws.append([r.label, *_figures(r)])
    ws.append([_("Total"), *_figures(summary.total)])
    ws[ws.max_row][0].font = Font(bold=True)
    ws.append([])
    _header(ws, [_("Office"), _("Campaigns"), *figures])
    for r in summary.offices:
        ws.append([r.label, r.campaigns, *_figures(r)])
    ws.append([])
    _header(ws, [_("May campaign month"), _("Campaigns"), *figures])
    ws.append([str(summary.year), summary.may.campaigns, *_figures(summary.may)])
    ws.column_dimensions["A"].width = 36
    for col in "BCDEF":
        ws.column_dimensions[col].width = 16

    sheet = wb.create_sheet(_("Campaigns"))
    _header(
        sheet, [_("Office"), _("Kind"), _("Title"), _("Campaign period"), _("Status"), _("Events"), _("People reached")]
    )
    for c in summary.campaigns:
        period = f"{c.starts_on:%Y-%m-%d} – {c.ends_on:%Y-%m-%d}"
        sheet.append(
            [c.office.name, c.get_kind_display(), c.title, period, c.get_status_display()]
            + [c.event_count, c.audience_total or 0]
        )
    for col, width in zip("ABCD", (24, 28, 40, 24), strict=True):
        sheet.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
