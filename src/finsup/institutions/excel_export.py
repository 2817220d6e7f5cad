"""The registry as an Excel workbook: the column layout shared with the import, and the export.

Column titles and the Chinese labels of kinds and statuses are part of the file format, not of
the user interface: the import matches on them, so they are fixed here instead of coming from
the translation catalogue (a reworded msgstr must not make earlier exports unreadable).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record

from .choices import InstitutionKind, InstitutionStatus
from .models import Institution

if TYPE_CHECKING:
    from finsup.accounts.models import User
from finsup.core import clock

from .selectors import institution_list

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
SHEET_TITLE = "机构名录"

# Field name → column title. The export writes these, the import reads them.
TITLES = {
    "credit_code": "统一社会信用代码",
    "name": "名称",
    "kind": "类型",
    "county": "所属县区",
    "registered_capital": "注册资本（元）",
    "paid_in_capital": "实缴资本（元）",
    "established_on": "成立日期",
    "approved_on": "批准日期",
    "approval_doc_no": "批准文号",
    "status": "状态",
    "legal_representative": "法定代表人",
    "address": "地址",
    "contact_phone": "联系电话",
    "lead_supervisor": "主监管员",
    "lead_supervisor_filed_on": "主监管员报备日期",
    "business_region": "核准经营区域",
}

KIND_LABELS = {
    InstitutionKind.MICROLOAN: "小额贷款公司",
    InstitutionKind.GUARANTEE: "融资性担保机构",
    InstitutionKind.PRIVATE_CAPITAL: "民间资本管理机构",
    InstitutionKind.LENDING_REGISTRY: "民间融资登记服务机构",
}

STATUS_LABELS = {
    InstitutionStatus.PREPARING: "筹建",
    InstitutionStatus.OPERATING: "营业",
    InstitutionStatus.SUSPENDED: "停业",
    InstitutionStatus.EXITING: "退出中",
    InstitutionStatus.REVOKED: "已撤销",
}

FILTER_NAMES = ("q", "kind", "county", "status", "sort")


@dataclass(frozen=True)
class Column:
    field: str
    value: Callable[[Institution], object]
    kind: str = "text"  # "text", "money" or "date"

    @property
    def title(self) -> str:
        return TITLES[self.field]


def _attr(name: str) -> Callable[[Institution], object]:
    return lambda institution: getattr(institution, name)


def _region(institution: Institution) -> str:
    return "、".join(o.short_name for o in sorted(institution.business_region.all(), key=lambda o: o.code))


EXPORT_COLUMNS = [
    Column("credit_code", _attr("credit_code")),
    Column("name", _attr("name")),
    Column("kind", lambda i: KIND_LABELS.get(i.kind, i.kind)),
    Column("county", lambda i: i.county.short_name),
    Column("registered_capital", _attr("registered_capital"), "money"),
    Column("paid_in_capital", _attr("paid_in_capital"), "money"),
    Column("established_on", _attr("established_on"), "date"),
    Column("approved_on", _attr("approved_on"), "date"),
    Column("approval_doc_no", _attr("approval_doc_no")),
    Column("status", lambda i: STATUS_LABELS.get(i.status, i.status)),
    Column("legal_representative", _attr("legal_representative")),
    Column("address", _attr("address")),
    Column("contact_phone", _attr("contact_phone")),
    Column("lead_supervisor", lambda i: str(i.lead_supervisor) if i.lead_supervisor else ""),
    Column("lead_supervisor_filed_on", _attr("lead_supervisor_filed_on"), "date"),
    Column("business_region", _region),
]


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    rows: int


# -- Writing sheets (also used for the import template) ---------------------------------------


def _display_width(value) -> int:
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    # CJK characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


def _cell_value(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "money":
        return Decimal(value).quantize(Decimal("0.01"))
    return value


def write_sheet(ws: Worksheet, titles: list[str], kinds: list[str], rows: Iterable[list]) -> int:
    """Write a header and rows: bold frozen header, money and date formats, sized columns."""
    ws.append(titles)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A2"
    widths = [_display_width(t) for t in titles]
    count = 0
    for row in rows:
        values = [_cell_value(v, k) for v, k in zip(row, kinds, strict=True)]
        ws.append(values)
        count += 1
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            cell = ws.cell(row=ws.max_row, column=col)
            if kind == "money":
                cell.number_format = MONEY_FORMAT
            elif kind == "date":
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                # A text starting with "=" must stay text, never become a formula.
                cell.data_type = "s"
            if value is not None:
                widths[col - 1] = max(widths[col - 1], _display_width(value))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    return count


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- Export ----------------------------------------------------------------------------------


def institution_export(*, by: User, filters: Mapping) -> ExportFile:
    require(by, Action.INSTITUTION_EXPORT, denied=_("You may not export the registry."))
    # The same selector and filters as the registry list, so the file holds what the list shows.
    qs, _filterset = institution_list(actor=by, filters=filters)
    qs = qs.prefetch_related("business_region")
    applied = {name: filters.get(name) for name in FILTER_NAMES if filters.get(name)}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    rows = ([column.value(i) for column in EXPORT_COLUMNS] for i in qs)
    count = write_sheet(ws, [c.title for c in EXPORT_COLUMNS], [c.kind for c in EXPORT_COLUMNS], rows)
    content = workbook_bytes(wb)
    audit_record(
        action=AuditAction.EXPORT,
        object_type="institutions.institution",
        object_repr=ngettext("Registry export, {n} institution", "Registry export, {n} institutions", count).format(
            n=count
        ),
        office_path=by.office.path if by.office_id else "",
        changes={"rows": count, "filters": applied},
    )
    return ExportFile(content=content, filename=f"机构名录-{clock.today():%Y%m%d}.xlsx", rows=count)
