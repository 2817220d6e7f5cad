"""Importing institutions from an Excel workbook.

Every row is checked before anything is written; only when the whole file is valid are the rows
created, all in one transaction, through `institution_create` (which validates again, checks the
jurisdiction and writes the audit entries). A rejected file leaves one REJECTED audit entry.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import offices, offices_supervising
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.validators import normalize_credit_code
from finsup.core.workbook_zip import TOO_LARGE_UNPACKED, workbook_zip_problem

from .choices import InstitutionKind, InstitutionStatus
from .excel_export import KIND_LABELS, SHEET_TITLE, STATUS_LABELS, TITLES, ExportFile, workbook_bytes, write_sheet
from .models import Institution
from .services import institution_create

if TYPE_CHECKING:
    from finsup.accounts.models import Office, User

MAX_BYTES = 5 * 1024 * 1024
# A 5 MB zip can unpack to gigabytes; a real 2,000-row registry sheet is a few megabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 100

IMPORT_FIELDS = [
    "credit_code",
    "name",
    "kind",
    "county",
    "registered_capital",
    "paid_in_capital",
    "established_on",
    "approved_on",
    "approval_doc_no",
    "status",
    "legal_representative",
    "address",
    "contact_phone",
]
OPTIONAL_FIELDS = {"status", "legal_representative", "address", "contact_phone"}
REQUIRED_FIELDS = [f for f in IMPORT_FIELDS if f not in OPTIONAL_FIELDS]
MONEY_FIELDS = {"registered_capital", "paid_in_capital"}
DATE_FIELDS = {"established_on", "approved_on"}

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class ImportIssue:
    """One problem: with a row (as Excel numbers it), a column title and a cell, or for the whole file."""

    message: str
    row: int | None = None
    column: str = ""
    cell: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row {row}, column “{column}” ({cell}): {message}").format(
                row=self.row, column=self.column, cell=self.cell, message=self.message
            )
        return _("Row {row}: {message}").format(row=self.row, message=self.message)


@dataclass
class ImportResult:
    file_name: str
    issues: list[ImportIssue] = field(default_factory=list)
    created: list[Institution] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def file_issues(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.row is None]

    @property
    def row_issues(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.row is not None]


class _Rejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.issue = ImportIssue(message)


@dataclass
class _Row:
    number: int
    data: dict = field(default_factory=dict)
    status: str = InstitutionStatus.PREPARING


# -- The service -------------------------------------------------------------------------------


def institution_import(*, by: User, file: IO[bytes], file_name: str) -> ImportResult:
    # Into the user's own office tree: staff only (each row is then checked by institution_create).
    require(by, Action.INSTITUTION_IMPORT, office=by.office, denied=_("You may not import institutions."))
    result = ImportResult(file_name=file_name)
    data = file.read(MAX_BYTES + 1)
    try:
        header, raw_rows = _read_table(data, file_name)
        columns = _map_header(header)
        if not raw_rows:
            raise _Rejected(_("The sheet has no rows below the column titles."))
    except _Rejected as rejected:
        result.issues.append(rejected.issue)
    else:
        rows = _parse_rows(by=by, columns=columns, raw_rows=raw_rows, issues=result.issues)
        if result.ok:
            _create_all(by=by, rows=rows, columns=columns, result=result)
    if not result.ok:
        audit_record(
            action=AuditAction.REJECTED,
            object_type="institutions.institution",
            object_repr=_("Rejected registry import: {file}").format(file=file_name),
            office_path=by.office.path,
            changes={"file": file_name, "errors": len(result.issues), "sha256": hashlib.sha256(data).hexdigest()},
        )
    return result


def _create_all(*, by: User, rows: list[_Row], columns: dict[str, int], result: ImportResult) -> None:
    with transaction.atomic():
        for row in rows:
            try:
                result.created.append(institution_create(by=by, data=row.data, status=row.status))
            except (ValidationError, ApplicationError, IntegrityError) as exc:
                result.issues.extend(_service_issues(row.number, columns, exc))
        if result.ok:
            audit_record(
                action=AuditAction.IMPORT,
                object_type="institutions.institution",
                object_repr=_("Registry import: {file}").format(file=result.file_name),
                office_path=by.office.path,
                changes={
                    "file": result.file_name,
                    "rows": len(result.created),
                    "credit_codes": [i.credit_code for i in result.created],
                },
            )
        else:
            transaction.set_rollback(True)
            result.created = []


def _service_issues(number: int, columns: dict[str, int], exc: Exception) -> list[ImportIssue]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        pairs = [(f, m) for f, errors in exc.message_dict.items() for m in errors]
    elif isinstance(exc, ValidationError):
        pairs = [(None, m) for m in exc.messages]
    elif isinstance(exc, ApplicationError):
        pairs = [(exc.field, exc.message)]
    else:
        pairs = [(None, _("The row conflicts with a change made at the same time; try again."))]
    return [_issue(number, columns, f, str(m)) if f in columns else ImportIssue(str(m), number) for f, m in pairs]


def _issue(number: int, columns: dict[str, int], name: str, message) -> ImportIssue:
    return ImportIssue(str(message), number, TITLES[name], f"{get_column_letter(columns[name])}{number}")


# -- Reading the file --------------------------------------------------------------------------


def _not_a_workbook() -> _Rejected:
    return _Rejected(
        _(
            "The file is not an Excel workbook (.xlsx), or it is damaged or password-protected. "
            "Save it from Excel or WPS as an Excel workbook (.xlsx) and upload it again."
        )
    )


def _read_table(data: bytes, file_name: str) -> tuple[list, list[tuple[int, tuple]]]:
    """The header row and the non-blank rows below it (with their Excel row numbers)."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xls":
        raise _Rejected(
            _(
                "Old Excel files (.xls) are not accepted. Open the file in Excel or WPS and save it "
                "as an Excel workbook (.xlsx)."
            )
        )
    if suffix == ".csv":
        raise _Rejected(
            _("CSV files are not accepted. Open the file in Excel or WPS and save it as an Excel workbook (.xlsx).")
        )
    if suffix != ".xlsx":
        raise _Rejected(_("Only Excel workbooks (.xlsx) can be imported."))
    if len(data) > MAX_BYTES:
        raise _Rejected(_("The file is larger than {size} MB.").format(size=MAX_BYTES // (1024 * 1024)))
    if not data:
        raise _Rejected(_("The file is empty."))
    problem = workbook_zip_problem(io.BytesIO(data), max_unpacked=MAX_UNPACKED_BYTES)
    if problem == TOO_LARGE_UNPACKED:
        raise _Rejected(_("The workbook is too large once unpacked."))
    if problem:
        raise _not_a_workbook()
    try:
        return _read_sheet(data)
    except _Rejected:
        raise
    except Exception:  # openpyxl raises many different types for broken workbooks
        raise _not_a_workbook() from None


def _read_sheet(data: bytes) -> tuple[list, list[tuple[int, tuple]]]:
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not wb.worksheets:
            raise _Rejected(_("The workbook has no worksheet."))
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        ws.reset_dimensions()  # some programs write wrong sheet dimensions
        lines = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = list(next(lines, ()))
        if _blank(header):
            raise _Rejected(_("The sheet is empty: the first row must hold the column titles."))
        rows = []
        for number, values in enumerate(lines, start=2):
            if _blank(values):
                continue
            if len(rows) == MAX_ROWS:
                raise _Rejected(
                    _("The sheet has more than {max} rows; split it into several files.").format(max=MAX_ROWS)
                )
            rows.append((number, values))
    finally:
        wb.close()
    return header, rows


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _norm(value) -> str:
    # Full-width brackets and letters become half-width; spaces and the "required" asterisk go.
    return re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", str(value))).lower()


def _header_aliases() -> dict[str, str]:
    aliases = {}
    for name in IMPORT_FIELDS:
        verbose_name = Institution._meta.get_field(name).verbose_name
        for language in ("en", "zh-hans"):
            with override(language):
                aliases[_norm(verbose_name)] = name
        aliases[_norm(TITLES[name])] = name
    return aliases


def _map_header(header: list) -> dict[str, int]:
    """Field name → column number, matched by title in any order."""
    aliases, columns = _header_aliases(), {}
    for number, title in enumerate(header, start=1):
        name = aliases.get(_norm(title)) if title is not None else None
        if name is None:
            continue  # other columns (e.g. those of an export) are ignored
        if name in columns:
            raise _Rejected(
                _("The column “{column}” appears twice (cells {first} and {second}).").format(
                    column=TITLES[name],
                    first=f"{get_column_letter(columns[name])}1",
                    second=f"{get_column_letter(number)}1",
                )
            )
        columns[name] = number
    missing = [TITLES[name] for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        raise _Rejected(
            _(
                "Required columns are missing: {columns}. The first row must hold the column titles "
                "of the import template."
            ).format(columns="、".join(f"“{m}”" for m in missing))
        )
    return columns


# -- Checking the rows -------------------------------------------------------------------------


def _parse_rows(*, by: User, columns: dict[str, int], raw_rows, issues: list[ImportIssue]) -> list[_Row]:
    parser = _RowParser(by=by)
    rows = []
    for number, values in raw_rows:
        row = _Row(number)
        for name, column in columns.items():
            value = values[column - 1] if column <= len(values) else None
            try:
                parser.clean(name, value, row)
            except ValidationError as exc:
                issues.append(_issue(number, columns, name, exc.messages[0]))
        if "registered_capital" in row.data and row.data.get("paid_in_capital", 0) > row.data["registered_capital"]:
            issues.append(
                _issue(
                    number, columns, "paid_in_capital", _("The paid-in capital is larger than the registered capital.")
                )
            )
        rows.append(row)
    issues.extend(_duplicates(rows, columns))
    issues.sort(key=lambda i: i.row or 0)  # stable: within a row, cells stay in column order
    return rows


def _duplicates(rows: list[_Row], columns: dict[str, int]) -> list[ImportIssue]:
    """Credit codes and names must be unique: within the file and against every registered institution."""
    found = []
    for name in ("credit_code", "name"):
        first: dict[str, int] = {}
        for row in rows:
            value = row.data.get(name)
            if value in first:
                found.append(
                    _issue(
                        row.number, columns, name, _("The same value is already in row {row}.").format(row=first[value])
                    )
                )
            elif value:
                first[value] = row.number
        existing = set(Institution.objects.filter(**{f"{name}__in": list(first)}).values_list(name, flat=True))
        found += [
            _issue(r.number, columns, name, _("An institution with this value is already registered."))
            for r in rows
            if r.data.get(name) in existing and first.get(r.data[name]) == r.number
        ]
    return found


class _RowParser:
    """Turns cell values into the values `institution_create` takes, raising ValidationError."""

    def __init__(self, *, by: User):
        self.by = by
        self.today = clock.today()
        self.kinds = _choice_lookup(
            InstitutionKind,
            KIND_LABELS,
            {"融资性担保公司": InstitutionKind.GUARANTEE, "民间融资服务公司": InstitutionKind.PRIVATE_CAPITAL},
        )
        self.statuses = _choice_lookup(InstitutionStatus, STATUS_LABELS, {})
        self.offices = {}
        for office in offices():
            for key in (office.code, office.short_name, office.name):
                self.offices[_norm(key)] = office

    def clean(self, name: str, value, row: _Row) -> None:
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if name in REQUIRED_FIELDS:
                raise ValidationError(_("This value is required."))
            if name != "status":
                row.data[name] = ""
            return
        if name == "status":
            row.status = self._choice(value, self.statuses, STATUS_LABELS)
            return
        if name == "kind":
            value = self._choice(value, self.kinds, KIND_LABELS)
        elif name == "county":
            value = self._county(value)
        elif name in MONEY_FIELDS:
            value = _money(value)
        elif name in DATE_FIELDS:
            value = self._date(value)
        else:
            value = _text(value)
            if name == "credit_code":
                value = normalize_credit_code(value)
        if name != "county":
            # The model's own checks: lengths, decimal places, the credit code's check character.
            value = Institution._meta.get_field(name).clean(value, None)
        row.data[name] = value

    @staticmethod
    def _choice(value, lookup: dict[str, str], labels: dict) -> str:
        found = lookup.get(_norm(value))
        if found is None:
            raise ValidationError(
                _("“{value}” is not one of: {allowed}.").format(value=value, allowed="、".join(labels.values()))
            )
        return found

    def _county(self, value) -> Office:
        office = self.offices.get(_norm(_text(value)))
        if office is None or office.level not in (OfficeLevel.COUNTY, OfficeLevel.ZONE):
            raise ValidationError(
                _(
                    "“{value}” is not a county or development zone of Linyi. Give its 6-digit "
                    "administrative code (e.g. 371302) or its name (e.g. 兰山区)."
                ).format(value=value)
            )
        if not self.by.office.contains(office):
            raise ValidationError(_("{county} is outside your jurisdiction.").format(county=office.short_name))
        return office

    def _date(self, value) -> datetime.date:
        if isinstance(value, datetime.datetime):
            value = value.date()
        elif isinstance(value, str) and (match := _DATE_TEXT.match(value)):
            try:
                value = datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise ValidationError(_("“{value}” is not a valid date.").format(value=value)) from None
        if not isinstance(value, datetime.date):
            raise ValidationError(
                _("“{value}” is not a date. Use an Excel date or the form YYYY-MM-DD.").format(value=value)
            )
        if value > self.today:
            raise ValidationError(_("The date {date} is in the future.").format(date=value.isoformat()))
        return value


def _choice_lookup(choices, labels: dict, aliases: dict) -> dict[str, str]:
    lookup = {}
    for choice in choices:
        lookup[_norm(choice.value)] = choice.value
        for language in ("en", "zh-hans"):
            with override(language):
                lookup[_norm(choice.label)] = choice.value
    lookup.update({_norm(label): value for value, label in labels.items()})
    lookup.update({_norm(label): value for label, value in aliases.items()})
    return lookup


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return str(value).strip()


def _money(value) -> Decimal:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float):
        value = repr(value)
    text = re.sub(r"[\s,，元]", "", str(value))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(_("“{value}” is not an amount in yuan.").format(value=value))
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    return amount


# -- The template --------------------------------------------------------------------------------

# What each column takes; the file format is Chinese, like its column titles.
_COLUMN_NOTES = {
    "credit_code": "18 位，含校验位（GB 32100-2015）；不得与已登记机构或本文件其他行重复",
    "name": "机构全称；不得与已登记机构或本文件其他行重复",
    "kind": "填写下表“类型”中的名称（或其代码）",
    "county": "县区或开发区的 6 位行政区划代码（如 371302）或名称（如 兰山区）；须在本人管辖范围内",
    "registered_capital": "以元为单位的数字，最多两位小数，不得为负数",
    "paid_in_capital": "以元为单位的数字，最多两位小数，不得为负数，不得大于注册资本",
    "established_on": "Excel 日期或 YYYY-MM-DD 格式文本，不得晚于今天",
    "approved_on": "Excel 日期或 YYYY-MM-DD 格式文本，不得晚于今天",
    "approval_doc_no": "如 鲁金办字〔2015〕1号",
    "status": "填写下表“状态”中的名称（或其代码）；留空为“筹建”",
    "legal_representative": "",
    "address": "",
    "contact_phone": "",
}

_GENERAL_NOTES = [
    "第一个工作表的第 1 行为列名（顺序不限），从第 2 行起每行一家机构；模板第 2 行为示例，导入前请删除。",
    f"文件须为 Excel 工作簿（.xlsx），不超过 {MAX_BYTES // (1024 * 1024)} MB、{MAX_ROWS} 行。",
    "导入前逐行检查全部数据；只要有一处错误，整个文件都不导入，并列出每处错误所在的行、列和单元格。",
    "核准经营区域默认为所属县区；主监管员请在导入后于机构页面指定。",
]


def _example_row() -> list:
    from stdnum.cn import uscc

    body = "91371302MA0000000"
    return [
        "" if f == "" else v
        for f, v in zip(
            IMPORT_FIELDS,
            [
                body + uscc.calc_check_digit(body),
                "临沂市兰山区示例小额贷款有限公司",
                KIND_LABELS[InstitutionKind.MICROLOAN],
                "兰山区",
                Decimal("100000000.00"),
                Decimal("80000000.00"),
                datetime.date(2015, 3, 1),
                datetime.date(2015, 2, 1),
                "鲁金办字〔2015〕1号",
                STATUS_LABELS[InstitutionStatus.OPERATING],
                "张三",
                "临沂市兰山区示例路 1 号",
                "0539-0000000",
            ],
            strict=True,
        )
    ]


def import_template() -> ExportFile:
    """The import layout: a header and one example row, and a sheet "说明" explaining it."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    kinds = ["money" if f in MONEY_FIELDS else "date" if f in DATE_FIELDS else "text" for f in IMPORT_FIELDS]
    write_sheet(ws, [TITLES[f] for f in IMPORT_FIELDS], kinds, [_example_row()])
    _write_notes(wb.create_sheet("说明"))
    return ExportFile(content=workbook_bytes(wb), filename="机构导入模板.xlsx", rows=1)


def _column_note(name: str) -> str:
    max_length = Institution._meta.get_field(name).max_length
    if name in {"credit_code", "kind", "county", "status"} or not max_length:
        return _COLUMN_NOTES[name]
    return "；".join(filter(None, [_COLUMN_NOTES[name], f"最多 {max_length} 字"]))


def _write_notes(ws) -> None:
    sections = [
        (
            ["列名", "是否必填", "填写说明"],
            [[TITLES[n], "是" if n in REQUIRED_FIELDS else "否", _column_note(n)] for n in IMPORT_FIELDS],
        ),
        (["类型", "代码", ""], [[label, value, ""] for value, label in KIND_LABELS.items()]),
        (["状态", "代码", ""], [[label, value, ""] for value, label in STATUS_LABELS.items()]),
        (
            ["所属县区", "行政区划代码", "金融办"],
            [[o.short_name, o.code, o.name] for o in offices_supervising().order_by("code")],
        ),
    ]
    for note in _GENERAL_NOTES:
        ws.append([note])
    for heading, lines in sections:
        ws.append([])
        ws.append(heading)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for line in lines:
            ws.append(line)
    for letter, width in (("A", 22), ("B", 14), ("C", 90)):
        ws.column_dimensions[letter].width = width
