"""The backtest as a page's figures and an Excel file: the summary (precision@k, median lead time,
recall, the weights' version), every day's flags with their result, and the lead of each entity."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from finsup.core import numbers

from .backtest import Report


def result_label(result: str) -> str:
    return {"hit": _("Hit"), "miss": _("Miss"), "pending": _("Not determined yet")}[result]


def summary(report: Report) -> list[tuple[str, str]]:
    precision = numbers.percent(report.precision) if report.precision is not None else "—"
    lead = report.median_lead_days
    recall = numbers.percent(report.recall) if report.recall is not None else "—"
    return [
        (_("Days scored"), f"{len(report.days)}（{report.days[0]} — {report.days[-1]}）" if report.days else "—"),
        (_("Flags per day (k)"), str(report.k)),
        (_("Flags: hits / misses / pending"), f"{report.hits} / {report.misses} / {report.pending}"),
        (_("Precision@%(k)s") % {"k": report.k}, precision),
        (_("Median lead time"), _("%(d)s days") % {"d": f"{lead:g}"} if lead is not None else "—"),
        (_("Recall (positive determinations flagged before)"), f"{recall}（{len(report.leads)} / {report.positives}）"),
        (_("Weights version"), f"v{report.weights_version}"),
    ]


def workbook(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")
    for label, value in summary(report):
        sheet.append([label, value])
    flags = book.create_sheet(_("Flags"))
    flags.append([_("Day"), _("Rank"), _("Entity"), _("Index"), _("Result")])
    for f in report.flags:
        flags.append([f.day, f.rank, f.name, float(f.score), result_label(f.result)])
    leads = book.create_sheet(_("Lead times"))
    leads.append([_("Entity"), _("Days from first flag to determination")])
    names = {f.entity_id: f.name for f in report.flags}
    for entity, days in sorted(report.leads.items()):
        leads.append([names.get(entity, str(entity)), days])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
