"""Filing a report through Excel. The template is one sheet per report and period, pre-filled
with the institution's identity and its current figures; a hidden "_meta" sheet maps rows to
field ids. The upload reads the value cells and files them through `services.submission_file`,
like the web form and the API: there is no second validation path. A file that cannot be read
as our template is refused before that, and leaves one REJECTED entry in the audit trail."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from finsup.accounts.policies import Action, can
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.core.validators import normalize_credit_code, validate_credit_code
from finsup.core.workbook_zip import TOO_LARGE_UNPACKED, workbook_zip_problem

from . import catalogue_access as cat
from . import services
from .choices import Channel
from .errors import Code
from .validation import entered_values, field_label, located, place

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # a 5 MB zip could unpack to gigabytes
MAX_ROWS = 1000
META_SHEET = "_meta"
TEMPLATE_FORMAT = "finsup/filing-template/1"
# The visible identity block: (row, label) with the value in column B.
NAME_ROW, CODE_ROW, REPORT_ROW, PERIOD_ROW, VERSION_ROW, NOTE_ROW, HEADER_ROW = 2, 3, 4, 5, 6, 7, 8
FIRST_FIELD_ROW = 9
VALUE_COLUMN = "D"
NUMBER_FORMATS = {"count": "#,##0", "ratio": "0.0000", "rate": "0.00", "date": "yyyy-mm-dd", "text": "@"}
MONEY_FORMATS = {"wan_yuan": "#,##0.00####", "yuan": "#,##0.00"}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_HEAD_FILL = PatternFill("solid", fgColor="E8ECF1")


@dataclass(frozen=True)
class TemplateFile:
    filename: str
    content: bytes


@dataclass(frozen=True)
class UploadIssue:
    """One problem with an uploaded template, with the sheet and cell it was found in if any."""

    message: str
    sheet: str = ""
    cell: str = ""
    label: str = ""  # the field's name, when the problem is one field's value

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else ""

    @property
    def place(self) -> str:
        """Where, as the user reads it: 表「资产负债」单元格 D12."""
        return place(self.location) if self.location else ""

    def __str__(self) -> str:
        return located(self.location, self.message)


class ExcelFilingRejected(ApplicationError):
    """The upload was refused; `issues` lists every problem found, nothing was stored."""

    code = "filing_rejected"
    http_status = 422

    def __init__(self, message: str, *, issues: list[UploadIssue]):
        super().__init__(message, errors=[(i.location or None, i.message) for i in issues])
        self.issues = issues

    @property
    def file_issues(self) -> list[UploadIssue]:
        return [i for i in self.issues if not i.cell]

    @property
    def cell_issues(self) -> list[UploadIssue]:
        return [i for i in self.issues if i.cell]


class _Refused(Exception):
    def __init__(self, *issues: UploadIssue):
        super().__init__(issues[0].message)
        self.issues = list(issues)


def sheet_title(report) -> str:
    return _SHEET_FORBIDDEN.sub("", report.name_zh)[:31] or report.code[:31]


# -- The template ------------------------------------------------------------------------------


def filing_template(*, by, report_code: str, period_label: str) -> TemplateFile:
    """The template of one report and period for the user's institution. ApplicationError for a
    report the institution does not file or a period that is not one of the report's."""
    if not can(by, Action.FILING_SUBMIT) or not by.institution_id:
        raise PermissionDenied(
            _("Only the institution’s own users file its reports."), code=Code.FILE_FOR_OWN_INSTITUTION
        )
    institution = by.institution
    report = cat.report_for(report_code, kind=institution.kind)
    period = cat.period_for(report, period_label)
    version = cat.version_for(report, period)
    current = services.current_filing(institution=institution, report_code=report.code, period_end=period.end)
    values = {}
    if current is not None and current.report_version == version.version:
        values = entered_values(version, current.values)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(report)
    _write_identity(ws, institution, report, period, version)
    rows = _write_fields(ws, version, values)
    _write_meta(wb.create_sheet(META_SHEET), institution, report, period, version, ws.title, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    filename = f"{report.name_zh}_{period.label}_{institution.credit_code}.xlsx"
    return TemplateFile(filename=filename, content=buffer.getvalue())


def _write_identity(ws, institution, report, period, version) -> None:
    ws["A1"] = f"{report.name_zh} · {period.label}"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    period_text = _("{label} ({start} to {end})").format(
        label=period.label, start=period.start.isoformat(), end=period.end.isoformat()
    )
    identity = [
        (NAME_ROW, pgettext("filing template", "Institution"), institution.name),
        (CODE_ROW, pgettext("filing template", "Unified social credit code"), institution.credit_code),
        (REPORT_ROW, pgettext("filing template", "Report"), f"{report.name_zh}（{report.code}）"),
        (PERIOD_ROW, pgettext("filing template", "Reporting period"), period_text),
        (VERSION_ROW, pgettext("filing template", "Definition version"), version.version),
    ]
    for row, label, value in identity:
        ws.cell(row, 1, label).font = Font(bold=True)
        ws.cell(row, 2, value).alignment = Alignment(horizontal="left")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
    note = ws.cell(
        NOTE_ROW,
        1,
        _(
            "Enter the figures in the shaded cells of column D, in the unit shown. The other cells are "
            "protected: do not add, remove or move rows. Upload the file on the platform's “Upload a "
            "filled template” page."
        ),
    )
    note.font = Font(italic=True, color="555555")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=5)
    ws.row_dimensions[NOTE_ROW].height = 36
    headers = [
        pgettext("filing template", "Group"),
        pgettext("filing template", "Item"),
        pgettext("filing template", "Unit"),
        pgettext("filing template", "Value"),
        pgettext("filing template", "Notes"),
    ]
    for column, title in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, column, title)
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
    for letter, width in zip("ABCDE", (22, 46, 10, 20, 44), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_FIELD_ROW}"


def _write_fields(ws, version, values) -> list[tuple[str, int]]:
    rows = []
    for row, field in enumerate(version.fields, start=FIRST_FIELD_ROW):
        notes = [pgettext("filing template", "Required")] if field.required else []
        if field.help_zh:
            notes.append(field.help_zh)
        ws.cell(row, 1, field.group_zh or field.group_en)
        ws.cell(row, 2, field_label(field)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 3, field.unit_zh)
        ws.cell(row, 5, "；".join(notes)).alignment = Alignment(wrap_text=True, vertical="top")
        value = ws.cell(row, 4, _cell_value(field, values.get(field.id)))
        value.number_format = MONEY_FORMATS.get(field.unit, "#,##0.00") if field.type == "money" else ""
        value.number_format = value.number_format or NUMBER_FORMATS.get(field.type, "General")
        value.protection = Protection(locked=False)
        value.fill = _INPUT_FILL
        _add_range_check(ws, field, value.coordinate)
        rows.append((field.id, row))
    ws.protection.sheet = True  # against accidents only: no password
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    return rows


def _cell_value(field, value):
    if value is None:
        return None
    if field.type == "date":
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if field.type in ("money", "ratio", "rate"):
        return Decimal(value)
    return value


def _add_range_check(ws, field, coordinate: str) -> None:
    """Excel's own input check for numeric bounds; the upload checks again in any case."""
    if field.type not in ("money", "count", "ratio", "rate") or (field.min is None and field.max is None):
        return
    kind = "whole" if field.type == "count" else "decimal"
    if field.min is not None and field.max is not None:
        dv = DataValidation(type=kind, operator="between", formula1=str(field.min), formula2=str(field.max))
        message = _("Enter a number from {min} to {max}.").format(min=field.min, max=field.max)
    elif field.min is not None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(field.min))
        message = _("Enter a number of at least {min}.").format(min=field.min)
    else:
        dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(field.max))
        message = _("Enter a number of at most {max}.").format(max=field.max)
    dv.error, dv.errorTitle, dv.allow_blank, dv.showErrorMessage = message, field_label(field)[:32], True, True
    ws.add_data_validation(dv)
    dv.add(coordinate)


def _write_meta(ws, institution, report, period, version, title: str, rows) -> None:
    pairs = [
        ("format", TEMPLATE_FORMAT),
        ("report", report.code),
        ("period", period.label),
        ("definition_version", version.version),
        ("credit_code", institution.credit_code),
        ("sheet", title),
    ]
    for row, (key, value) in enumerate(pairs, start=1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
    ws.cell(FIRST_FIELD_ROW - 1, 1, "field_id")
    ws.cell(FIRST_FIELD_ROW - 1, 2, "row")
    for row, (field_id, sheet_row) in enumerate(rows, start=FIRST_FIELD_ROW):
        ws.cell(row, 1, field_id)
        ws.cell(row, 2, sheet_row)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


# -- The upload --------------------------------------------------------------------------------


@dataclass
class _Template:
    report: object
    period: object
    version: object
    sheet: str
    raw: dict
    location_of: dict


def filing_upload(*, by, file: IO[bytes], file_name: str, correction_reason: str = ""):
    """Reads a filled template and files it. Raises ExcelFilingRejected with every problem,
    each with its sheet and cell; other ApplicationErrors (e.g. a correction without a reason)
    pass through unchanged."""
    if not can(by, Action.FILING_SUBMIT) or not by.institution_id:
        raise PermissionDenied(
            _("Only the institution’s own users file its reports."), code=Code.FILE_FOR_OWN_INSTITUTION
        )
    institution = by.institution
    try:
        template = _read_template(_read_bytes(file, file_name), institution)
    except _Refused as exc:
        _audit_refused(institution, file_name, exc.issues)
        raise ExcelFilingRejected(_("The file was not accepted; nothing was saved."), issues=exc.issues) from None
    try:
        return services.submission_file(
            by=by,
            institution=institution,
            report_code=template.report.code,
            period=template.period,
            raw=template.raw,
            channel=Channel.EXCEL,
            correction_reason=correction_reason,
            location_of=template.location_of,
        )
    except services.FilingRejected as exc:
        issues = [_issue_of(template, field_id, message) for field_id, message in exc.errors]
        raise ExcelFilingRejected(exc.message, issues=issues) from None


def _issue_of(template: _Template, field_id, message: str) -> UploadIssue:
    location = template.location_of.get(field_id, "")
    if not location:
        return UploadIssue(message)
    sheet, _sep, cell = location.rpartition("!")
    label = field_label(template.version.field(field_id)) if field_id in template.version.field_ids else ""
    return UploadIssue(message.removeprefix(located(location, "")), sheet, cell, label)


def _audit_refused(institution, file_name: str, issues: list[UploadIssue]) -> None:
    audit_record(
        action=AuditAction.REJECTED,
        obj=institution,
        object_type="reporting.submission",
        object_id="",
        object_repr=_("Rejected Excel filing: {file}").format(file=file_name)[:200],
        changes={"channel": Channel.EXCEL, "file": file_name[:200], "errors": [str(i) for i in issues][:50]},
    )


def _not_a_workbook() -> _Refused:
    return _Refused(
        UploadIssue(
            _(
                "The file is not an Excel workbook (.xlsx), or it is damaged or password-protected. "
                "Save it from Excel or WPS as an Excel workbook (.xlsx) and upload it again."
            )
        )
    )


def _read_bytes(file: IO[bytes], file_name: str) -> bytes:
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix == ".csv":
        raise _Refused(UploadIssue(_("CSV files are not accepted: upload the filled Excel template (.xlsx).")))
    if suffix != ".xlsx":
        raise _Refused(UploadIssue(_("Only the Excel template (.xlsx) can be uploaded.")))
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _Refused(UploadIssue(_("The file is larger than {size} MB.").format(size=MAX_BYTES // (1024 * 1024))))
    if not data:
        raise _Refused(UploadIssue(_("The file is empty.")))
    problem = workbook_zip_problem(io.BytesIO(data), max_unpacked=MAX_UNPACKED_BYTES)
    if problem == TOO_LARGE_UNPACKED:
        raise _Refused(UploadIssue(_("The workbook is too large once unpacked.")))
    if problem:
        raise _not_a_workbook()
    return data


def _read_template(data: bytes, institution) -> _Template:
    meta, field_rows, sheet, cells = _read_workbook(data)
    _check_identity(institution, meta, sheet, cells)
    report, period, version = _definition(institution, meta)
    raw, location_of = _values(version, sheet, cells, field_rows)
    return _Template(report, period, version, sheet, raw, location_of)


def _read_workbook(data: bytes):
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many different types for broken workbooks
        raise _not_a_workbook() from None
    try:
        meta, field_rows = _read_meta(wb)
        sheet = _data_sheet(wb, meta)
        cells = _cells(wb[sheet], max(field_rows.values(), default=FIRST_FIELD_ROW))
    except _Refused:
        raise
    except Exception:  # a sheet whose XML is broken
        raise _not_a_workbook() from None
    finally:
        wb.close()
    return meta, field_rows, sheet, cells


def _not_our_template() -> _Refused:
    return _Refused(
        UploadIssue(
            _(
                "This workbook is not a filing template of this platform, or its hidden sheet “_meta” "
                "was changed. Download the template from the report's filing page and fill it in."
            )
        )
    )


def _read_meta(wb) -> tuple[dict, dict[str, int]]:
    if META_SHEET not in wb.sheetnames:
        raise _not_our_template()
    rows = list(wb[META_SHEET].iter_rows(min_row=1, max_row=MAX_ROWS, max_col=2, values_only=True))
    meta = {str(k): v for k, v in (r[:2] for r in rows[: FIRST_FIELD_ROW - 2] if len(r) >= 2) if k}
    if meta.get("format") != TEMPLATE_FORMAT:
        raise _not_our_template()
    field_rows = {}
    for r in rows[FIRST_FIELD_ROW - 1 :]:
        if len(r) < 2 or not r[0]:
            continue
        if not isinstance(r[1], int) or not FIRST_FIELD_ROW <= r[1] <= MAX_ROWS:
            raise _not_our_template()
        field_rows[str(r[0])] = r[1]
    return meta, field_rows


def _data_sheet(wb, meta: dict) -> str:
    title = str(meta.get("sheet") or "")
    if title in wb.sheetnames and title != META_SHEET:
        return title
    others = [name for name in wb.sheetnames if name != META_SHEET]
    if not others:
        raise _not_our_template()
    return others[0]  # the sheet was renamed


def _cells(ws, last_row: int) -> dict[str, object]:
    """Columns B and D of the sheet, by coordinate, read in one pass."""
    ws.reset_dimensions()
    out = {}
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=last_row, max_col=4, values_only=True), start=1):
        row = tuple(row) + (None,) * (4 - len(row))
        out[f"B{number}"], out[f"D{number}"] = row[1], row[3]
    return out


def _check_identity(institution, meta: dict, sheet: str, cells: dict) -> None:
    shown = normalize_credit_code(str(cells.get(f"B{CODE_ROW}") or ""))
    cell = f"B{CODE_ROW}"
    try:
        validate_credit_code(shown)
    except ValidationError as exc:
        raise _Refused(
            UploadIssue(exc.messages[0], sheet, cell, pgettext("filing template", "Unified social credit code"))
        ) from None
    if shown != institution.credit_code:
        raise _Refused(
            UploadIssue(
                _(
                    "The unified social credit code {code} is not that of your institution ({own}): this is "
                    "another institution's template. Download your own from the filing page."
                ).format(code=shown, own=institution.credit_code),
                sheet,
                cell,
                pgettext("filing template", "Unified social credit code"),
            )
        )
    if normalize_credit_code(str(meta.get("credit_code") or "")) != institution.credit_code:
        raise _not_our_template()


def _definition(institution, meta: dict):
    try:
        report = cat.report_for(str(meta.get("report") or ""), kind=institution.kind)
        period = cat.period_for(report, str(meta.get("period") or ""))
        version = cat.version_for(report, period)
    except ApplicationError as exc:
        raise _Refused(UploadIssue(exc.message)) from None
    if meta.get("definition_version") != version.version:
        raise _Refused(
            UploadIssue(
                _(
                    "The template was made for definition version {old} of this report, but version {new} "
                    "applies to {period}. Download the template again and copy your figures into it."
                ).format(old=meta.get("definition_version"), new=version.version, period=period.label)
            )
        )
    return report, period, version


def _values(version, sheet: str, cells: dict, field_rows: dict[str, int]) -> tuple[dict, dict]:
    """The entered values by field id, and where each was entered. A row whose label no longer
    matches its field means rows were moved: refuse rather than file figures under wrong items."""
    raw, location_of, moved = {}, {}, []
    for field_id, row in field_rows.items():
        field = version.fields_by_id.get(field_id)
        label = cells.get(f"B{row}")
        if field is not None and label not in (field.label_zh, field.label_en):
            moved.append(
                UploadIssue(
                    _("This row no longer holds “{label}”.").format(label=field_label(field)),
                    sheet,
                    f"B{row}",
                    field_label(field),
                )
            )
            continue
        raw[field_id] = _raw(cells.get(f"{VALUE_COLUMN}{row}"))
        location_of[field_id] = f"{sheet}!{VALUE_COLUMN}{row}"
    if moved:
        raise _Refused(*moved)
    return raw, location_of


def _raw(value):
    """A cell value as the validation expects it: floats as their shortest exact text."""
    if isinstance(value, float):
        return repr(value)
    return value
