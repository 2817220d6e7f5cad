"""A survey through Excel: the template of one recipient (its name, the deadline, one row per item
with its unit; a hidden "_meta" sheet maps rows to item ids), its upload (answered through
`services.answer_submit`, the same validation as the web form and the API: every error with its sheet
and cell, in one pass), and the workbook of every answer of the chain (totals and details)."""

from __future__ import annotations

import io
import re
from pathlib import PurePath
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError
from finsup.core.workbook_zip import TOO_LARGE_UNPACKED, workbook_zip_problem
from finsup.reporting.validation import entered_values, field_label

from . import services
from .choices import AnswerChannel, RecipientState
from .definition import version_of
from .errors import Code
from .models import SurveyAnswer, SurveyRecipient
from .selectors import Consolidation, latest_answer

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
META_SHEET = "_meta"
TEMPLATE_FORMAT = "finsup/survey-template/1"
FIRST_FIELD_ROW = 7
VALUE_COLUMN = "D"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_HEAD_FILL = PatternFill("solid", fgColor="E8ECF1")
NUMBER_FORMATS = {"count": "#,##0", "ratio": "0.0000", "rate": "0.00", "date": "yyyy-mm-dd", "text": "@"}
MONEY_FORMAT = "#,##0.00####"


def sheet_title() -> str:
    return _FORBIDDEN.sub("", _("Survey"))[:31]


def _unit(fdef) -> str:
    return fdef.unit_zh or ""


def _bounds(fdef) -> str:
    parts = [_("required") if fdef.required else _("optional")]
    if fdef.min is not None:
        parts.append(_("at least %(min)s") % {"min": fdef.min})
    if fdef.max is not None:
        parts.append(_("at most %(max)s") % {"max": fdef.max})
    return "，".join(parts)


def survey_template(recipient: SurveyRecipient) -> tuple[str, bytes]:
    """(file name, workbook) of the recipient's template, pre-filled with its latest answer."""
    survey = recipient.survey
    version = version_of(survey.definition)
    last = latest_answer(recipient)
    values = entered_values(version, last.values) if last else {}
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title()
    ws["A1"] = survey.title
    ws["A1"].font = Font(bold=True, size=14)
    for row, label, value in (
        (2, _("respondent"), recipient.name),
        (3, _("sending office"), survey.office.name),
        (4, _("deadline"), survey.deadline.isoformat()),
        (5, _("legal basis and purpose"), survey.basis[:500]),
    ):
        ws[f"A{row}"], ws[f"B{row}"] = label, value
    head = [_("No."), _("survey item"), _("unit"), _("value"), _("note")]
    for col, text in enumerate(head, start=1):
        cell = ws.cell(row=FIRST_FIELD_ROW - 1, column=col, value=text)
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
    meta = wb.create_sheet(META_SHEET)
    meta.append(["format", TEMPLATE_FORMAT])
    meta.append(["recipient", recipient.pk])
    meta.append(["digest", version.digest])
    for i, fdef in enumerate(version.fields):
        row = FIRST_FIELD_ROW + i
        ws.cell(row=row, column=1, value=i + 1)
        ws.cell(row=row, column=2, value=fdef.label_zh)
        ws.cell(row=row, column=3, value=_unit(fdef))
        cell = ws.cell(row=row, column=4, value=values.get(fdef.id))
        cell.fill = _INPUT_FILL
        cell.number_format = MONEY_FORMAT if fdef.type == "money" else NUMBER_FORMATS[fdef.type]
        ws.cell(row=row, column=5, value=_bounds(fdef))
        meta.append([fdef.id, row])
    meta.sheet_state = "hidden"
    for col, width in zip("ABCDE", (10, 36, 12, 20, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws["B5"].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    name = _FORBIDDEN.sub("", f"{survey.title}_{recipient.name}")[:120]
    return f"{name}.xlsx", buffer.getvalue()


class TemplateRefused(ApplicationError):
    """The upload is not a readable template of this survey: 422, nothing stored."""

    code = "survey_not_a_template"
    http_status = 422


def _refuse(recipient, file_name: str, message: str):
    audit_record(
        action=AuditAction.REJECTED,
        obj=recipient,
        changes={"channel": AnswerChannel.EXCEL, "file": file_name[:200], "errors": [message]},
    )
    return TemplateRefused(message, code=Code.NOT_A_TEMPLATE, errors=[(None, message)])


def _not_ours() -> str:
    return _(
        "This workbook is not the template of this survey, or its hidden sheet “_meta” was changed. "
        "Download the template from the survey's page and fill it in."
    )


def answer_upload(
    *, recipient: SurveyRecipient, by, file: IO[bytes], file_name: str, correction_reason: str = ""
) -> SurveyAnswer:
    """Reads the filled template and answers through `services.answer_submit`."""
    services._require_respondent(by, recipient)  # before reading anything: the file is theirs to send
    if PurePath(file_name or "").suffix.lower() != ".xlsx":
        raise _refuse(recipient, file_name, _("Only the Excel template (.xlsx) can be uploaded."))
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(recipient, file_name, _("The file is larger than {size} MB.").format(size=MAX_BYTES // 1048576))
    problem = workbook_zip_problem(io.BytesIO(data), max_unpacked=MAX_UNPACKED_BYTES) if data else "empty"
    if problem == TOO_LARGE_UNPACKED:
        raise _refuse(recipient, file_name, _("The workbook is too large once unpacked."))
    if problem:
        raise _refuse(
            recipient,
            file_name,
            _(
                "The file is not an Excel workbook (.xlsx), or it is damaged. "
                "Save it as an Excel workbook and upload it again."
            ),
        )
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        raw, location_of = _read(wb, recipient)
    except TemplateRefused:
        raise
    except Exception:  # openpyxl raises many types for a broken workbook
        raise _refuse(recipient, file_name, _not_ours()) from None
    if raw is None:
        raise _refuse(recipient, file_name, _not_ours())
    return services.answer_submit(
        recipient=recipient,
        by=by,
        raw=raw,
        channel=AnswerChannel.EXCEL,
        correction_reason=correction_reason,
        location_of=location_of,
    )


def _read(wb, recipient: SurveyRecipient):
    version = version_of(recipient.survey.definition)
    if META_SHEET not in wb.sheetnames:
        return None, {}
    meta_rows = [r[:2] for r in wb[META_SHEET].iter_rows(min_row=1, max_row=200, max_col=2, values_only=True)]
    meta = {str(k): v for k, v in meta_rows[:3] if k}
    if meta.get("format") != TEMPLATE_FORMAT or meta.get("recipient") != recipient.pk:
        return None, {}
    if meta.get("digest") != version.digest:
        return None, {}
    rows = {str(k): v for k, v in meta_rows[3:] if k and isinstance(v, int)}
    if set(rows) != set(version.field_ids):
        return None, {}
    sheets = [n for n in wb.sheetnames if n != META_SHEET]
    if not sheets:
        return None, {}
    sheet = sheets[0]
    ws = wb[sheet]
    last = max(rows.values())
    cells = {}
    for row in ws.iter_rows(min_row=1, max_row=last, min_col=4, max_col=4):
        for cell in row:
            if getattr(cell, "row", None):
                cells[cell.row] = cell.value
    raw = {fid: cells.get(row) for fid, row in rows.items()}
    location_of = {fid: f"{sheet}!{VALUE_COLUMN}{row}" for fid, row in rows.items()}
    return raw, location_of


# -- Every answer in one workbook -------------------------------------------------------------


def _header(fdef) -> str:
    unit = _unit(fdef)
    return f"{field_label(fdef)}（{unit}）" if unit else field_label(fdef)


def _entered(fdef, value):
    """A stored figure as the forms take it (money in its unit of entry, 万元 mostly), as a number."""
    if value is None:
        return None
    if fdef.type == "money":
        return float(value / fdef.multiplier)
    if fdef.type == "count":
        return int(value)
    if fdef.type in ("ratio", "rate"):
        return float(value)
    return value


def consolidation_workbook(result: Consolidation) -> bytes:
    version = result.version
    wb = Workbook()
    ws = wb.active
    ws.title = _FORBIDDEN.sub("", _("Totals"))[:31]
    ws.append([result.survey.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("sending office"), result.survey.office.name, _("deadline"), result.survey.deadline.isoformat()])
    ws.append([_("recipients"), result.direct, _("answered"), result.answered])
    ws.append([])
    ws.append([_("survey item"), _("unit"), _("answers"), _("total"), _("mean")])
    for cell in ws[5]:
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
    for total in result.totals:
        fdef = total.field
        ws.append(
            [
                field_label(fdef),
                _unit(fdef),
                total.count,
                _entered(fdef, total.total) if total.total is not None else None,
                float(total.mean) if total.mean is not None else None,
            ]
        )
        ws.cell(row=ws.max_row, column=4).number_format = MONEY_FORMAT if fdef.type == "money" else "#,##0"
    for col, width in zip("ABCDE", (36, 12, 10, 20, 14), strict=True):
        ws.column_dimensions[col].width = width
    detail = wb.create_sheet(_FORBIDDEN.sub("", _("Answers"))[:31])
    head = [_("respondent"), _("forwarded by"), _("status"), _("version"), _("submitted at"), _("channel")]
    detail.append(head + [_header(f) for f in version.fields])
    for cell in detail[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
    for row in result.rows:
        answer = row.answer
        line = [
            row.recipient.name,
            row.via or "—",
            str(RecipientState(row.state).label),
            answer.version if answer else None,
            timezone.localtime(answer.submitted_at).strftime("%Y-%m-%d %H:%M") if answer else None,
            str(AnswerChannel(answer.channel).label) if answer else None,
        ]
        figures = row.figures or {}
        line += [_entered(f, figures.get(f.id)) for f in version.fields]
        detail.append(line)
        for i, fdef in enumerate(version.fields, start=len(head) + 1):
            if fdef.type == "money":
                detail.cell(row=detail.max_row, column=i).number_format = MONEY_FORMAT
    for i in range(1, len(head) + len(version.fields) + 1):
        detail.column_dimensions[detail.cell(row=1, column=i).column_letter].width = 18
    detail.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
