"""The cycle's results for the province as an Excel workbook.

Layout (our assumption of the province's layout; no template of the province was found): one sheet,
a title row, then a header row and one row per institution with its unified social credit code,
name, county, the score of each indicator of the scheme in the scheme's order, the total and the
final level (the county's level while the cycle is not final)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .choices import Round
from .models import RatingCycle


def cycle_workbook(*, cycle: RatingCycle, ratings) -> bytes:
    scheme = cycle.scheme
    wb = Workbook()
    ws = wb.active
    ws.title = str(cycle.year)
    ws.append([_("%(year)s classification rating: %(title)s") % {"year": cycle.year, "title": scheme.title_zh}])
    ws["A1"].font = Font(bold=True, size=14)
    header = [_("Unified social credit code"), _("Institution"), _("County")]
    header += [i.name_zh for i in scheme.indicators] + [_("Total"), _("Level")]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for rating in ratings.select_related("institution__county").prefetch_related("scores"):
        decided = Round.CITY if rating.sampled and rating.city_level else Round.INITIAL
        scores = {s.indicator: s.score for s in rating.scores.all() if s.round == decided}
        total = rating.final_total if rating.final_level else rating.initial_total
        level = rating.get_final_level_display() if rating.final_level else rating.get_initial_level_display()
        ws.append(
            [rating.institution.credit_code, rating.institution.name, rating.institution.county.name]
            + [scores.get(i.id) for i in scheme.indicators]
            + [total, level]
        )
    ws.freeze_panes = "A3"
    for col, width in zip("ABC", (22, 40, 14), strict=False):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
