"""Filing through the API: the report definitions an institution files, and its filings.
Callers authenticate with a session or an institution's API token; every write goes through
`services.submission_file`, the same validation as the web form and the Excel upload."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError, NotFound, PermissionDenied
from finsup.web.api.auth import TOKEN_OR_SESSION, api_caller
from finsup.web.api.errors import errors
from finsup.web.api.fields import FieldId, FieldValue, Text
from finsup.web.api.pagination import BoundedPageNumberPagination
from finsup.web.api.schemas import ObjectId, links

from . import catalogue_access as cat
from . import selectors, services
from .choices import Channel, SubmissionStatus
from .errors import Code
from .models import Submission
from .periods import Period, parse_any_period

reports_router = Router(tags=["reports"], auth=TOKEN_OR_SESSION)
filings_router = Router(tags=["filings"], auth=TOKEN_OR_SESSION)

# A period label of any frequency; the year from 1000, so that every label is a date.
PERIOD_LABEL = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])|Q[1-4]|H[12])?$"


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
    values: Annotated[dict[FieldId, FieldValue], Field(max_length=300)] = Field(
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
    period: str | None = Field(
        None,
        pattern=PERIOD_LABEL,
        description="the version in force at the end of this period, of any frequency (default: today)",
    )


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


@reports_router.get(
    "",
    response={200: list[ReportOut], **errors(401, 404)},
    summary="Reports the caller's institution files (staff: all)",
    operation_id="list_reports",
    openapi_extra=links(200, to="get_report", code="$response.body#/0/code"),
)
def list_reports(request):
    _require(request, Action.FILING_VIEW)
    return _reports_for(request.auth)


@reports_router.get(
    "/{code}",
    response={200: ReportDetailOut, **errors(401, 404, 422)},
    summary="A report's definition",
    operation_id="get_report",
)
def get_report(request, code: str, query: Query[ReportQuery]):
    """The definition in force today, or for `period` if given: fields, units, bounds."""
    _require(request, Action.FILING_VIEW)
    report = next((r for r in _reports_for(request.auth) if r.code == code), None)
    if report is None:
        raise Http404
    if query.period:
        try:
            version = cat.version_for(report, parse_any_period(query.period))
        except ApplicationError as exc:  # no definition of this report for that period
            raise NotFound(exc.message, field=exc.field) from None
    else:
        version = report.version_for(clock.today()) or report.versions[-1]
    return {
        **{k: getattr(report, k) for k in ReportOut.model_fields},
        "version": version.version,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
        "digest": version.digest,
        "fields": [{k: getattr(f, k) for k in FieldOut.model_fields} for f in version.fields],
    }


@filings_router.get(
    "",
    response={200: list[FilingOut], **errors(401, 404, 422)},
    summary="The caller's filings",
    operation_id="list_filings",
    openapi_extra=links(200, to="get_filing", filing_id="$response.body#/items/0/id"),
)
@paginate(BoundedPageNumberPagination)
def list_filings(request, filters: Query[FilingFilters]):
    _require(request, Action.FILING_VIEW)
    return selectors.submission_api_list(actor=request.auth, **filters.dict())


@filings_router.post(
    "",
    response={201: FilingOut, **errors(400, 401, 403, 404, 422)},
    summary="File (or correct) a report",
    operation_id="file_report",
    openapi_extra=links(201, to="get_filing", filing_id="$response.body#/id"),
)
def file_report(request, payload: FilingIn):
    """Validation is complete before anything is stored: a rejected filing answers 422 with every
    error by field, and only the attempt is kept (in the audit trail). Filing a period again is a
    correction and needs `correction_reason`."""
    with api_caller(request) as user:
        if not user.institution_id:
            raise PermissionDenied(
                _("Only the institution’s own users file its reports."), code=Code.FILE_FOR_OWN_INSTITUTION
            )
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


@filings_router.get(
    "/{object_id:filing_id}",
    response={200: FilingOut, **errors(401, 404)},
    summary="One filing",
    operation_id="get_filing",
)
def get_filing(request, filing_id: ObjectId):
    _require(request, Action.FILING_VIEW)
    try:
        return selectors.submission_get(actor=request.auth, pk=filing_id)
    except Submission.DoesNotExist:
        raise Http404 from None
