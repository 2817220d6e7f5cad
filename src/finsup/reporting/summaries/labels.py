"""Chinese wording shared by the workbook and the narrative report. These are the words of an
official document sent to the city and the province, so they are fixed here as data rather
than taken from the interface's translation catalogue."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from finsup.institutions.excel_export import KIND_LABELS
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.reporting.periods import Period

from .periods import is_annual

__all__ = ["KIND_LABELS", "LEVEL_LABELS", "SOURCE_LABELS"]

LEVEL_LABELS = {
    WarningLevel.INFO: "提示",
    WarningLevel.WARNING: "警示",
    WarningLevel.SERIOUS: "严重",
    WarningLevel.CRITICAL: "重大",
}

SOURCE_LABELS = {
    WarningSource.RULE_BREACH: "违反监管规则",
    WarningSource.LATE_FILING: "逾期报送",
    WarningSource.MISSING_FILING: "未报送",
    WarningSource.SHARP_CHANGE: "较上期大幅变动",
    WarningSource.LOAN_MONITORING: "逐笔贷款监测",
    WarningSource.RELATED_GRAPH: "股权与关联关系图谱",
}

FILING_STATE_LABELS = {"missing": "未报送", "late": "逾期报送", "on_time": "按时报送", "not_due": "未到报送期限"}

DATA_SOURCE_NOTE = "数据来源：已受理报表（县区金融办已受理或市金融办已确认的报表，不含待审核、退回及已更正的报表）"
MONEY_UNIT = "万元"
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
DASH = "—"


def place_name(office) -> str:
    """兰山区金融工作办公室 → 兰山区; 临沂市金融工作办公室 → 临沂市."""
    for suffix in ("金融工作办公室", "地方金融监督管理局", "金融办"):
        if office.name.endswith(suffix) and len(office.name) > len(suffix):
            return office.name.removesuffix(suffix)
    return office.short_name


def period_zh(period: Period) -> str:
    if is_annual(period):
        return f"{period.start.year}年度"
    return f"{period.start.year}年{'上' if period.start.month == 1 else '下'}半年"


def date_zh(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def wan(yuan: Decimal | None) -> Decimal | None:
    """Yuan → 万元, two places."""
    if yuan is None:
        return None
    return (Decimal(yuan) / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_text(value: Decimal | None, style: str) -> str:
    if value is None:
        return DASH
    if style == "percent":
        return f"{(value * 100).quantize(CENT, rounding=ROUND_HALF_UP)}%"
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP)}倍"


def figure_text(value: Decimal | None, field_type: str, unit_zh: str) -> str:
    if value is None:
        return DASH
    if field_type == "money":
        return f"{wan(value):,}{MONEY_UNIT}"
    return f"{int(value):,}{unit_zh}"


def report_title(office, period: Period) -> str:
    """兰山区2026年上半年地方金融机构监管报告."""
    return f"{place_name(office)}{period_zh(period)}地方金融机构监管报告"


def consolidated_title(office, period: Period) -> str:
    return f"{place_name(office)}{period_zh(period)}地方金融机构监管统计汇总表"
