"""The exchange with the province over the API, for the city's and the province's staff: export a
document (the same service as the page), list the exports with their receipts, fetch the exact bytes
exported, record the province's receipt. Anyone else is answered 404."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from finsup.core.errors import NotFound
from finsup.web.api.auth import TOKEN_OR_SESSION, api_caller
from finsup.web.api.errors import errors
from finsup.web.api.pagination import BoundedPageNumberPagination
from finsup.web.api.schemas import ObjectId, links

from . import selectors, services
from .models import ProvinceExport, ProvinceReceipt

router = Router(tags=["exchange"], auth=TOKEN_OR_SESSION)

Kind = Literal["consolidated-filings", "rating-results", "office-report"]


class ExportIn(Schema):
    """What to export: `office` (code) and `period` (2026H1, 2025) for consolidated filings, `cycle`
    (id) for rating results, `submission` (id of an office's filing) for an office report."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    office: Annotated[str, Field(max_length=6)] = ""
    period: Annotated[str, Field(max_length=10)] = ""
    cycle: ObjectId | None = None
    submission: ObjectId | None = None
    rows: bool = True


class ReceiptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    number: Annotated[str, Field(min_length=1, max_length=64)]
    received_at: datetime.datetime
    outcome: Literal["accepted", "rejected"]
    reason: Annotated[str, Field(max_length=2000)] = ""


class ReceiptOut(Schema):
    number: str
    received_at: datetime.datetime
    outcome: str
    reason: str
    recorded_at: datetime.datetime


class ExportOut(Schema):
    id: int
    kind: str
    office: str
    period: str
    subject: str
    schema_version: str
    filename: str
    sha256: str
    size: int
    exported_at: datetime.datetime
    receipt: ReceiptOut | None

    @staticmethod
    def resolve_office(obj: ProvinceExport) -> str:
        return obj.office.code

    @staticmethod
    def resolve_period(obj: ProvinceExport) -> str:
        return obj.period_label

    @staticmethod
    def resolve_schema_version(obj: ProvinceExport) -> str:
        return obj.contract_version

    @staticmethod
    def resolve_exported_at(obj: ProvinceExport) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_receipt(obj: ProvinceExport):
        try:
            return obj.receipt
        except ProvinceReceipt.DoesNotExist:
            return None


def _viewer(request):
    if not selectors.may_view(request.auth):
        raise Http404
    return request.auth


def _export(request, export_pk: int) -> ProvinceExport:
    try:
        return selectors.export_get(actor=_viewer(request), pk=export_pk)
    except NotFound:
        raise Http404 from None


@router.get(
    "/exports",
    response={200: list[ExportOut], **errors(401, 404, 422)},
    summary="Exports to the province",
    operation_id="list_exports",
    openapi_extra=links(200, to="get_export", export_pk="$response.body#/items/0/id"),
)
@paginate(BoundedPageNumberPagination)
def list_exports(request):
    return selectors.export_list(actor=_viewer(request)).select_related("receipt")


@router.post(
    "/exports",
    response={201: ExportOut, **errors(400, 401, 403, 404, 422)},
    summary="Export a document for the province",
    operation_id="create_export",
    openapi_extra=links(201, to="get_export", export_pk="$response.body#/id"),
)
def create_export(request, payload: ExportIn):
    """201: the document is built and kept (its exact bytes and SHA-256); fetch it from `…/document`."""
    _viewer(request)
    with api_caller(request) as user:
        export = services.export_create(
            by=user,
            kind=payload.kind,
            office_code=payload.office,
            period_label=payload.period,
            cycle_id=payload.cycle,
            submission_id=payload.submission,
            rows=payload.rows,
        )
    return Status(201, export)


@router.get(
    "/exports/{object_id:export_pk}",
    response={200: ExportOut, **errors(401, 404)},
    summary="One export and its receipt",
    operation_id="get_export",
)
def get_export(request, export_pk: ObjectId):
    return _export(request, export_pk)


@router.get(
    "/exports/{object_id:export_pk}/document",
    response={200: dict, **errors(401, 404)},
    summary="The exported document, byte for byte",
    operation_id="get_export_document",
)
def get_export_document(request, export_pk: ObjectId):
    """The JSON document exactly as exported (its SHA-256 is the export's `sha256`)."""
    export = _export(request, export_pk)
    with api_caller(request) as user:
        content = services.export_download(by=user, export=export)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@router.get(
    "/exports/{object_id:export_pk}/receipts",
    response={200: list[ReceiptOut], **errors(401, 404)},
    summary="The province's receipt of an export (none or one)",
    operation_id="list_receipts",
)
def list_receipts(request, export_pk: ObjectId):
    export = _export(request, export_pk)
    return list(ProvinceReceipt.objects.for_user(request.auth).filter(export=export))


@router.post(
    "/exports/{object_id:export_pk}/receipts",
    response={201: ReceiptOut, **errors(400, 401, 403, 404, 422)},
    summary="Record the province's receipt of an export",
    operation_id="record_receipt",
)
def record_receipt(request, export_pk: ObjectId, payload: ReceiptIn):
    """Once per export; a rejection needs the province's reason (400 otherwise, nothing recorded)."""
    export = _export(request, export_pk)
    with api_caller(request) as user:
        receipt = services.receipt_record(
            by=user,
            export=export,
            number=payload.number,
            received_at=payload.received_at,
            outcome=payload.outcome,
            reason=payload.reason,
        )
    return Status(201, receipt)
