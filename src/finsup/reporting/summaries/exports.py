"""The downloads of a summary: build the file, record the export in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.institutions.excel_export import XLSX_CONTENT_TYPE
from finsup.reporting.periods import Period

from . import data, excel
from .docx import DOCX_CONTENT_TYPE, narrative_docx
from .labels import consolidated_title, report_title

if TYPE_CHECKING:
    from finsup.accounts.models import Office


@dataclass(frozen=True)
class SummaryFile:
    content: bytes
    filename: str
    content_type: str


def _audited(*, office: Office, period: Period, kind: str, filename: str, content: bytes, content_type: str):
    audit_record(
        action=AuditAction.EXPORT,
        object_type="reporting.summary",
        object_id=f"{office.code}/{period.label}/{kind}",
        object_repr=filename,
        office_path=office.path,
        subject=f"accounts.office:{office.pk}",
        changes={"office": office.code, "period": period.label, "document": kind, "bytes": len(content)},
    )
    return SummaryFile(content, filename, content_type)


def summary_excel(*, office: Office, period: Period) -> SummaryFile:
    summary = data.office_summary(office=office, period=period)
    content = excel.summary_workbook(summary)
    filename = f"{report_title(office, period)}.xlsx"
    return _audited(
        office=office, period=period, kind="xlsx", filename=filename, content=content, content_type=XLSX_CONTENT_TYPE
    )


def summary_docx(*, office: Office, period: Period) -> SummaryFile:
    summary = data.office_summary(office=office, period=period)
    content = narrative_docx(summary)
    filename = f"{report_title(office, period)}.docx"
    return _audited(
        office=office, period=period, kind="docx", filename=filename, content=content, content_type=DOCX_CONTENT_TYPE
    )


def city_consolidated_excel(*, office: Office, period: Period) -> SummaryFile:
    consolidation = data.consolidate(data.office_summary(office=office, period=period))
    content = excel.consolidated_workbook(consolidation)
    filename = f"{consolidated_title(office, period)}.xlsx"
    return _audited(
        office=office,
        period=period,
        kind="consolidated_xlsx",
        filename=filename,
        content=content,
        content_type=XLSX_CONTENT_TYPE,
    )
