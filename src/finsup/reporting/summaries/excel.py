"""The summaries as Excel workbooks: the county's supervision report (汇总, 机构明细, 风险预警,
报送情况) and the city's consolidated statement for the province (one sheet per kind, a line per
county and a 合计 line). Sheet and column titles are Chinese constants: the workbooks are sent
to the city and the province as they are. Money is shown in 万元."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from finsup.institutions.excel_export import workbook_bytes

from .labels import (
    DASH,
    DATA_SOURCE_NOTE,
    FILING_STATE_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    MONEY_UNIT,
    SOURCE_LABELS,
    TEN_THOUSAND,
    consolidated_title,
    report_title,
)
from .results import Cell, Consolidation, KindSummary, Summary
from .specs import PERCENT

SHEET_SUMMARY = "汇总"
SHEET_INSTITUTIONS = "机构明细"
SHEET_WARNINGS = "风险预警"
SHEET_FILINGS = "报送情况"
TOTAL = "合计"

SUMMARY_TITLES = ["机构类型", "指标", "数值", "单位"]
INSTITUTION_TITLES = ["机构名称", "统一社会信用代码", "所属县区"]
INSTITUTION_TAIL_TITLES = ["已受理报表（份）", "风险预警（条）"]
COUNTY_TITLES = ["县区", "机构数（家）", "报送机构数（家）"]
WARNING_TALLY_TITLES = ["分类", "项目", "新发预警（条）", "期末已关闭（条）", "期末未关闭（条）"]
WARNING_ITEM_TITLES = ["机构名称", "所属县区", "等级", "来源", "预警内容", "发出时间", "关闭时间"]
FILING_TITLES = [
    "机构名称",
    "机构类型",
    "所属县区",
    "应报（份）",
    "按时报送（份）",
    "逾期报送（份）",
    "未报送（份）",
    "未到期（份）",
    "已受理（份）",
]
PROBLEM_TITLES = ["机构名称", "所属县区", "报表", "报告期", "报送截止日", "情况", "逾期天数"]
INSTITUTION_COUNT, REPORTING_COUNT = "机构数", "报送机构数"

FORMATS = {
    "money": "#,##0.00",
    "count": "#,##0",
    "percent": "0.00%",
    "times": '0.00"倍"',
    "datetime": "yyyy-mm-dd hh:mm",
    "date": "yyyy-mm-dd",
}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


class _Writer:
    """Writes a sheet top to bottom: the header block, then tables of typed cells."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}

    def header(self, title: str, office, period, generated_at, span: int) -> None:
        lines = [
            (title, Font(bold=True, size=14)),
            (f"报送单位：{office.name}　　报告期：{period.start:%Y-%m-%d}至{period.end:%Y-%m-%d}", None),
            (f"生成时间：{generated_at:%Y-%m-%d %H:%M}", None),
            (f"{DATA_SOURCE_NOTE}；金额单位：{MONEY_UNIT}", Font(italic=True, color="555555")),
        ]
        for text, font in lines:
            cell = self.ws.cell(row=self.row, column=1, value=text)
            if font:
                cell.font = font
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=max(span, 1))
            self.row += 1
        self.row += 1

    def caption(self, text: str) -> None:
        self.ws.cell(row=self.row, column=1, value=text).font = Font(bold=True, size=12)
        self.row += 1

    def titles(self, titles: list[str]) -> None:
        for col, title in enumerate(titles, start=1):
            cell = self.ws.cell(row=self.row, column=col, value=title)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            self._width(col, title)
        self.row += 1

    def line(self, cells: list[tuple[object, str]], *, total: bool = False) -> None:
        """cells: (value, kind) with kind text, money (yuan), count, percent, times, date, datetime."""
        for col, (value, kind) in enumerate(cells, start=1):
            cell = self.ws.cell(row=self.row, column=col)
            if value is None:
                cell.value = DASH
                cell.alignment = Alignment(horizontal="center")
            elif kind == "money":
                # Exact 万元 (the format shows two places), so that a 合计 equals the sum of its lines.
                cell.value = Decimal(value) / TEN_THOUSAND
                cell.number_format = FORMATS[kind]
            elif kind in FORMATS:
                cell.value = value.replace(tzinfo=None) if kind == "datetime" else value
                cell.number_format = FORMATS[kind]
            else:
                cell.value = str(value)
                cell.data_type = "s"  # a text starting with "=" stays text
            cell.border = BORDER
            if total:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
            self._width(col, cell.value)
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def _width(self, col: int, value) -> None:
        if isinstance(value, Decimal | int | float):
            width = len(f"{value:,.2f}") + 2
        else:
            width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value or ""))
        self.widths[col] = max(self.widths.get(col, 0), width)

    def finish(self) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 48)


def _counts(*numbers: int) -> list[tuple[int, str]]:
    return [(n, "count") for n in numbers]


def _texts(*texts: str) -> list[tuple[str, str]]:
    return [(t, "text") for t in texts]


def _typed(cell: Cell) -> tuple[object, str]:
    if cell.spec.type == "ratio":
        return cell.value, "percent" if cell.spec.style == PERCENT else "times"
    return cell.value, "money" if cell.spec.type == "money" else "count"


def _figure_title(spec) -> str:
    if spec.type == "ratio":
        return spec.title_zh
    unit = MONEY_UNIT if spec.type == "money" else spec.unit_zh
    return f"{spec.title_zh}（{unit}）" if unit else spec.title_zh


def _kind_titles(kind: KindSummary) -> list[str]:
    return [_figure_title(s) for s in kind.figure_specs + kind.ratio_specs]


def _kind_cells(kind_or_row) -> list[tuple[object, str]]:
    return [_typed(c) for c in kind_or_row.figures + kind_or_row.ratios]


# -- The county's supervision report ------------------------------------------------------------


def summary_workbook(summary: Summary) -> bytes:
    wb = Workbook()
    _summary_sheet(wb.active, summary)
    _institutions_sheet(wb.create_sheet(SHEET_INSTITUTIONS), summary)
    _warnings_sheet(wb.create_sheet(SHEET_WARNINGS), summary)
    _filings_sheet(wb.create_sheet(SHEET_FILINGS), summary)
    return workbook_bytes(wb)


def _header(w: _Writer, summary: Summary, span: int) -> None:
    w.header(report_title(summary.office, summary.period), summary.office, summary.period, summary.generated_at, span)


def _summary_sheet(ws: Worksheet, summary: Summary) -> None:
    ws.title = SHEET_SUMMARY
    w = _Writer(ws)
    _header(w, summary, len(SUMMARY_TITLES))
    w.titles(SUMMARY_TITLES)
    ws.freeze_panes = ws.cell(row=w.row, column=1)
    for kind in summary.kinds:
        label = KIND_LABELS[kind.kind]
        w.line(_texts(label, INSTITUTION_COUNT) + _counts(kind.institutions) + _texts("家"))
        w.line(_texts(label, REPORTING_COUNT) + _counts(kind.reporting) + _texts("家"))
        for cell in kind.figures + kind.ratios:
            unit = MONEY_UNIT if cell.spec.type == "money" else cell.spec.unit_zh
            w.line(_texts(label, cell.spec.title_zh) + [_typed(cell)] + _texts(unit))
    w.line(_texts(TOTAL, INSTITUTION_COUNT) + _counts(summary.institutions) + _texts("家"), total=True)
    w.line(_texts(TOTAL, REPORTING_COUNT) + _counts(summary.reporting) + _texts("家"), total=True)
    w.finish()


def _institutions_sheet(ws: Worksheet, summary: Summary) -> None:
    w = _Writer(ws)
    span = max(len(INSTITUTION_TITLES) + len(_kind_titles(k)) + len(INSTITUTION_TAIL_TITLES) for k in summary.kinds)
    _header(w, summary, span)
    for kind in summary.kinds:
        w.caption(f"{KIND_LABELS[kind.kind]}（{kind.institutions}家）")
        w.titles(INSTITUTION_TITLES + _kind_titles(kind) + INSTITUTION_TAIL_TITLES)
        for row in kind.rows:
            inst = row.institution
            w.line(
                _texts(inst.name, inst.credit_code, inst.county.short_name)
                + _kind_cells(row)
                + _counts(row.filings.accepted, row.warnings)
            )
        accepted = sum(r.filings.accepted for r in kind.rows)
        warned = sum(r.warnings for r in kind.rows)
        w.line(_texts(TOTAL, "", "") + _kind_cells(kind) + _counts(accepted, warned), total=True)
        w.skip()
    w.finish()


def _warnings_sheet(ws: Worksheet, summary: Summary) -> None:
    w = _Writer(ws)
    _header(w, summary, len(WARNING_ITEM_TITLES))
    warnings = summary.warnings
    w.caption("预警统计")
    w.titles(WARNING_TALLY_TITLES)
    for group, tallies in (("按等级", warnings.by_level), ("按来源", warnings.by_source)):
        for t in tallies:
            w.line(_texts(group, t.label) + _counts(t.opened, t.closed, t.still_open))
    t = warnings.total
    w.line(_texts(TOTAL, "") + _counts(t.opened, t.closed, t.still_open), total=True)
    w.skip()
    w.caption("预警明细")
    w.titles(WARNING_ITEM_TITLES)
    for item in warnings.items:
        w.line(
            [
                (item.institution.name, "text"),
                (item.institution.county.short_name, "text"),
                (LEVEL_LABELS.get(item.level, item.level), "text"),
                (SOURCE_LABELS.get(item.source, item.source), "text"),
                (item.title, "text"),
                (_local(item.opened_at), "datetime"),
                (_local(item.closed_at), "datetime"),
            ]
        )
    w.finish()


def _filings_sheet(ws: Worksheet, summary: Summary) -> None:
    w = _Writer(ws)
    _header(w, summary, len(FILING_TITLES))
    filings = summary.filings
    w.caption(f"报送情况（截至{filings.as_of:%Y-%m-%d}）")
    w.titles(FILING_TITLES)
    for row in summary.rows:
        inst, c = row.institution, row.filings
        w.line(_texts(inst.name, KIND_LABELS[inst.kind], inst.county.short_name) + _filing_counts(c))
    w.line(_texts(TOTAL, "", "") + _filing_counts(filings.totals), total=True)
    w.skip()
    w.caption("未报送及逾期报送明细")
    w.titles(PROBLEM_TITLES)
    for problem in filings.problems:
        o = problem.obligation
        w.line(
            [
                (o.institution.name, "text"),
                (o.institution.county.short_name, "text"),
                (o.report_name, "text"),
                (o.period.label, "text"),
                (o.due, "date"),
                (FILING_STATE_LABELS[o.state], "text"),
                (problem.days_overdue, "count"),
            ]
        )
    w.finish()


def _filing_counts(c) -> list[tuple[int, str]]:
    return _counts(c.due, c.on_time, c.late, c.missing, c.not_due, c.accepted)


def _local(moment):
    return timezone.localtime(moment) if moment else None


# -- The city's consolidated statement ------------------------------------------------------------


def consolidated_workbook(consolidation: Consolidation) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    title = consolidated_title(consolidation.office, consolidation.period)
    for kind in consolidation.kinds:
        ws = wb.create_sheet(KIND_LABELS[kind.kind])
        w = _Writer(ws)
        titles = COUNTY_TITLES + _kind_titles(kind.total)
        w.header(
            f"{title}（{KIND_LABELS[kind.kind]}）",
            consolidation.office,
            consolidation.period,
            consolidation.generated_at,
            len(titles),
        )
        w.titles(titles)
        ws.freeze_panes = ws.cell(row=w.row, column=2)
        for line in kind.lines:
            s = line.summary
            w.line(_texts(line.office.short_name) + _counts(s.institutions, s.reporting) + _kind_cells(s))
        s = kind.total
        w.line(_texts(TOTAL) + _counts(s.institutions, s.reporting) + _kind_cells(s), total=True)
        w.finish()
    return workbook_bytes(wb)
