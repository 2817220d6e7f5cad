"""Writes of the exchange with the province: an export (the document built, its exact bytes and
SHA-256 kept) and the province's receipt of it. Each is atomic and audited; nothing is changed later."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, OutOfScope
from finsup.ratings.selectors import cycle_get, rating_list
from finsup.reporting import catalogue_access as cat
from finsup.reporting.selectors import office_reports_filed
from finsup.reporting.summaries.data import summary_office_get
from finsup.reporting.summaries.periods import summary_period

from . import documents
from .choices import ExportKind, ReceiptOutcome
from .contract import CURRENT_VERSION
from .errors import Code
from .models import ProvinceExport, ProvinceReceipt

if TYPE_CHECKING:
    from finsup.accounts.models import User

EXCHANGE_LEVELS = (OfficeLevel.CITY, OfficeLevel.PROVINCE)


def _outside() -> OutOfScope:
    return OutOfScope(_("Not found."), code=Code.NOT_AN_EXCHANGE_OFFICE)


def document_bytes(document: dict) -> bytes:
    """The exact bytes sent: UTF-8 JSON, Chinese as written, two-space indentation, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _period(label: str):
    try:
        return summary_period(label)
    except (ValueError, KeyError, OverflowError):
        raise ApplicationError(
            _("“%(label)s” is not a half-year or a year (e.g. 2026H1, 2025).") % {"label": label},
            field="period",
            code=Code.NOT_A_SUMMARY_PERIOD,
        ) from None


def _consolidated(by: User, office_code: str, period_label: str, rows: bool):
    try:
        office = summary_office_get(actor=by, code=office_code)
    except ObjectDoesNotExist:
        raise _outside() from None
    period = _period(period_label)
    document = documents.consolidated_filings(office=office, period=period, rows=rows)
    return office, period.label, _("Consolidated filings %(period)s") % {"period": period.label}, document


def _ratings(by: User, cycle_id: int):
    try:
        cycle = cycle_get(actor=by, pk=cycle_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise _outside() from None
    document = documents.rating_results(cycle=cycle, ratings=rating_list(actor=by, cycle=cycle))
    kind = document["cycle"]["institution_kind"]
    subject = _("Rating results %(year)s") % {"year": cycle.year}
    return cycle.office, f"{cycle.year}", subject, document, kind


def _office_report(by: User, submission_id: int):
    try:
        submission = office_reports_filed(actor=by).get(pk=submission_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise OutOfScope(_("No such office report."), code=Code.NOT_AN_OFFICE_REPORT) from None
    document = documents.office_report(submission=submission)
    period = document["period"]["label"]
    subject = _("%(report)s %(period)s, version %(version)s") % {
        "report": cat.report_name(submission.report_code),
        "period": period,
        "version": submission.version,
    }
    return submission.office, period, subject, document, submission.report_code


@transaction.atomic
def export_create(
    *,
    by: User,
    kind: str,
    office_code: str = "",
    period_label: str = "",
    cycle_id: int | None = None,
    submission_id: int | None = None,
    rows: bool = True,
) -> ProvinceExport:
    """Build the document of `kind`, keep its exact bytes and SHA-256, audit the export."""
    require(by, Action.EXCHANGE_EXPORT, levels=EXCHANGE_LEVELS)
    if kind == ExportKind.CONSOLIDATED_FILINGS:
        office, period, subject, document = _consolidated(by, office_code, period_label, rows)
        name_part = period
    elif kind == ExportKind.RATING_RESULTS:
        office, period, subject, document, inst_kind = _ratings(by, cycle_id)
        name_part = f"{inst_kind}_{period}"
    elif kind == ExportKind.OFFICE_REPORT:
        office, period, subject, document, report_code = _office_report(by, submission_id)
        name_part = f"{report_code}_{period}_r{document['filing']['version']}"
    else:
        raise ApplicationError(_("Unknown kind of export."), field="kind", code=Code.UNKNOWN_EXPORT_KIND)
    require(by, Action.EXCHANGE_EXPORT, office=office, levels=EXCHANGE_LEVELS)
    version = CURRENT_VERSION[kind]
    content = document_bytes(document)
    export = ProvinceExport.objects.create(
        office=office,
        kind=kind,
        period_label=period,
        subject=str(subject)[:200],
        contract_version=version,
        filename=f"{office.code}_{kind}_{name_part}_v{version}.json",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(
        action=AuditAction.EXPORT,
        obj=export,
        office_path=office.path,
        changes={
            "kind": kind,
            "office": office.code,
            "period": period,
            "schema_version": version,
            "sha256": export.sha256,
            "bytes": export.size,
        },
    )
    return export


@transaction.atomic
def receipt_record(
    *,
    by: User,
    export: ProvinceExport,
    number: str,
    received_at: datetime.datetime,
    outcome: str,
    reason: str = "",
) -> ProvinceReceipt:
    """The province's receipt of an export: once per export (a rejected document is exported again)."""
    require(by, Action.EXCHANGE_EXPORT, office=export.office, levels=EXCHANGE_LEVELS)
    export = ProvinceExport.objects.select_for_update().get(pk=export.pk)
    if ProvinceReceipt.objects.filter(export=export).exists():
        raise ApplicationError(
            _("The province's receipt of this export is already recorded."), code=Code.RECEIPT_ALREADY_RECORDED
        )
    number, reason = (number or "").strip(), (reason or "").strip()
    if not number:
        raise ApplicationError(_("Enter the receipt number."), field="number", code=Code.RECEIPT_INCOMPLETE)
    if outcome not in ReceiptOutcome.values:
        raise ApplicationError(_("Choose accepted or rejected."), field="outcome", code=Code.RECEIPT_INCOMPLETE)
    if outcome == ReceiptOutcome.REJECTED and not reason:
        raise ApplicationError(
            _("Give the province's reason for the rejection."), field="reason", code=Code.RECEIPT_INCOMPLETE
        )
    if received_at is not None and timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)  # the office's time (Asia/Shanghai)
    # to the minute, as the form gives it: received in the minute of the export is after it
    exported = export.created_at.replace(second=0, microsecond=0)
    if received_at is None or received_at < exported or received_at > clock.now():
        raise ApplicationError(
            _("The receipt time must be after the export and not in the future."),
            field="received_at",
            code=Code.RECEIPT_INCOMPLETE,
        )
    receipt = ProvinceReceipt.objects.create(
        export=export,
        number=number[:64],
        received_at=received_at,
        outcome=outcome,
        reason=reason,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=receipt,
        office_path=export.office.path,
        changes={"export": export.filename, "number": receipt.number, "outcome": outcome, "reason": reason},
    )
    return receipt


def export_download(*, by: User, export: ProvinceExport) -> bytes:
    """The exact bytes exported, again; each download is audited with their SHA-256."""
    require(by, Action.EXCHANGE_VIEW, office=export.office, levels=EXCHANGE_LEVELS)
    content = bytes(ProvinceExport.objects.values_list("content", flat=True).get(pk=export.pk))
    audit_record(
        action=AuditAction.EXPORT,
        obj=export,
        office_path=export.office.path,
        changes={"downloaded": export.filename, "sha256": hashlib.sha256(content).hexdigest()},
    )
    return content
