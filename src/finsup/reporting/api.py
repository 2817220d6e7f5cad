"""Filing through the API: the report definitions an institution files, and its filings.
Callers authenticate with a session or an institution's API token; every write goes through
`services.submission_file`, the same validation as the web form and the Excel upload."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from finsup.accounts.policies import Action, can
from finsup.api.auth import TOKEN_OR_SESSION, api_caller
from finsup.api.pagination import BoundedPageNumberPagination
from finsup.api.schemas import ErrorOut
from finsup.core.errors import PermissionDenied

from . import catalogue_access as cat
from . import selectors, services
from .choices import Channel, SubmissionStatus
from .models import Submission
from .periods import Period

reports_router = Router(tags=["reports"], auth=TOKEN_OR_SESSION)
filings_router = Router(tags=["filings"], auth=TOKEN_OR_SESSION)

MAX_ID = 2**31 - 1


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL characters and unpaired surrogates in text and JSON.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode") from None
    return value


def Text(max_length: int):  # noqa: N802 - a type factory
    return Annotated[str, Field(max_length=max_length), AfterValidator(_storable)]


# A figure: a JSON number (bounded, so that no input overflows a database column) or its text.
Number = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=40, decimal_places=20, ge=-(10**18), le=10**18)]
FieldValue = Number | Text(2000) | None


class FieldOut(Schema):
    id: str
    label_zh: str
    label_en: str
    group_zh: str
    type: str
    unit: str
    unit_zh: str
    required: bool
    min: Decimal | None
    max: Decimal | None
    help_zh: str


class ReportOut(Schema):
    code: str
    name_zh: str
    name_en: str
    kind: str
    frequency: str
    deadline_days: int


class ReportDetailOut(ReportOut):
    version: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    digest: str
    fields: list[FieldOut]


class FilingIn(Schema):
    report: Text(50)
    period: Text(10) = Field(description="2026-03 (monthly), 2026Q1, 2026H1 or 2026 (annual)")
    values: Annotated[dict[Text(64), FieldValue], Field(max_length=300)] = Field(
        description="Field id → value in the field's unit of entry (e.g. 万元); numbers or text"
    )
    correction_reason: Text(2000) = ""


class FilingOut(Schema):
    id: int
    institution: str = Field(description="the filer's unified social credit code")
    report: str
    report_version: int
    period: str
    period_start: datetime.date
    period_end: datetime.date
    version: int
    status: str
    channel: str
    submitted_at: datetime.datetime
    correction_reason: str
    values: dict[str, str | None] = Field(description="Field id → stored value: money in yuan, exact text")

    @staticmethod
    def resolve_institution(obj: Submission) -> str:
        return obj.institution.credit_code if obj.institution_id else ""

    @staticmethod
    def resolve_report(obj: Submission) -> str:
        return obj.report_code

    @staticmethod
    def resolve_period(obj: Submission) -> str:
        return Period(obj.period_start, obj.period_end).label

    @staticmethod
    def resolve_values(obj: Submission) -> dict[str, str | None]:
        return {k: None if v is None else str(v) for k, v in obj.values.items()}


class ReportQuery(Schema):
    period: Text(10) | None = Field(None, description="the version in force for this period (default: today)")


class FilingFilters(Schema):
    report: Text(50) | None = None
    period: Text(10) | None = None
    status: SubmissionStatus | None = None


def _require(request, action: Action) -> None:
    if not can(request.auth, action):
        raise Http404


def _reports_for(user) -> list:
    if user.institution_id:
        return cat.catalogue().for_kind(user.institution.kind)
    return list(cat.catalogue())


@reports_router.get("", response=list[ReportOut], summary="Reports the caller's institution files (staff: all)")
def list_reports(request):
    _require(request, Action.FILING_VIEW)
    return _reports_for(request.auth)


@reports_router.get(
    "/{code}", response={200: ReportDetailOut, 400: ErrorOut, 404: ErrorOut}, summary="A report's definition"
)
def get_report(request, code: str, query: Query[ReportQuery]):
    """The definition in force today, or for `period` if given: fields, units, bounds."""
    _require(request, Action.FILING_VIEW)
    report = next((r for r in _reports_for(request.auth) if r.code == code), None)
    if report is None:
        raise Http404
    if query.period:
        version = cat.version_for(report, cat.period_for(report, query.period))
    else:
        version = report.version_for(timezone.localdate()) or report.versions[-1]
    return {
        **{k: getattr(report, k) for k in ReportOut.model_fields},
        "version": version.version,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
        "digest": version.digest,
        "fields": [{k: getattr(f, k) for k in FieldOut.model_fields} for f in version.fields],
    }


@filings_router.get("", response=list[FilingOut], summary="The caller's filings")
@paginate(BoundedPageNumberPagination)
def list_filings(request, filters: Query[FilingFilters]):
    _require(request, Action.FILING_VIEW)
    return selectors.submission_api_list(actor=request.auth, **filters.dict())


@filings_router.post(
    "",
    response={201: FilingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="File (or correct) a report",
)
def file_report(request, payload: FilingIn):
    """Validation is complete before anything is stored: a rejected filing answers 422 with every
    error by field, and only the attempt is kept (in the audit trail). Filing a period again is a
    correction and needs `correction_reason`."""
    with api_caller(request) as user:
        if not user.institution_id:
            raise PermissionDenied(_("Only the institution’s own users file its reports."))
        report = cat.report_for(payload.report, kind=user.institution.kind)
        submission = services.submission_file(
            by=user,
            institution=user.institution,
            report_code=report.code,
            period=cat.period_for(report, payload.period),
            raw=payload.values,
            channel=Channel.API,
            correction_reason=payload.correction_reason,
        )
    return Status(201, submission)


@filings_router.get("/{int:filing_id}", response={200: FilingOut, 404: ErrorOut}, summary="One filing")
def get_filing(request, filing_id: int):
    _require(request, Action.FILING_VIEW)
    if filing_id > MAX_ID:
        raise Http404
    try:
        return selectors.submission_get(actor=request.auth, pk=filing_id)
    except Submission.DoesNotExist:
        raise Http404 from None
