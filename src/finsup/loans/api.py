"""Incremental pushes of a microloan company's loans (contract v1) and the batches received.

A push is one batch: all or nothing, validated exactly like a file, idempotent by company, loan id
and loan version (a replayed push stores nothing and answers 200 with outcome "duplicate"). A batch
whose rows fail the checks answers 422 with the batch and its rejections; one that could not be
taken at all (over a cap, the store not ready) answers 422 with an error body and its code."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from finsup.accounts.policies import can_view_loan_batches
from finsup.core import clock
from finsup.core.errors import PermissionDenied
from finsup.web.api.auth import TOKEN_OR_SESSION, api_caller
from finsup.web.api.errors import errors
from finsup.web.api.pagination import BoundedPageNumberPagination
from finsup.web.api.schemas import ErrorOut, ObjectId, links

from .choices import BatchOutcome, FeedChannel
from .errors import Code
from .feeds import loan_batch_receive
from .ingest import CONTRACT_VERSION
from .models import LoanBatch
from .sweep import loans_sweep

router = Router(tags=["loans"], auth=TOKEN_OR_SESSION)

PUSH_MAX = 10_000  # loans in one push: about 5 MB of JSON, under DATA_UPLOAD_MAX_MEMORY_SIZE

Text = Annotated[str, Field(max_length=200)]
Amount = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=24, decimal_places=6, ge=-(10**17), le=10**17)]
Count = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Value = Text | Count | Amount | bool | None


class LoanIn(Schema):
    """One loan in the v1 contract (see the published JSON Schema): values as JSON strings, numbers
    or booleans; the same checks as a file, reported by record."""

    model_config = ConfigDict(extra="forbid")

    company_credit_code: Value = None
    loan_id: Value = None
    loan_version: Value = None
    borrower_id: Value = None
    borrower_phone: Value = None
    borrower_group_id: Value = None
    borrower_type: Value = None
    borrower_county: Value = None
    principal: Value = None
    annual_rate_all_in: Value = None
    upfront_deduction: Value = None
    contract_date: Value = None
    start_date: Value = None
    due_date: Value = None
    status: Value = None
    outstanding: Value = None
    overdue_days: Value = None
    security: Value = None
    purpose: Value = None
    industry: Value = None
    related_party: Value = None


class PushIn(Schema):
    contract_version: Literal["1"] = CONTRACT_VERSION
    loans: list[LoanIn] = Field(min_length=1, max_length=PUSH_MAX)


class RejectionOut(Schema):
    record: int  # 0-based index of the loan in the push (file rows: row - 2)
    column: str
    reason: str


class BatchOut(Schema):
    id: int
    batch_id: str
    channel: str
    source_name: str
    outcome: str
    rows_read: int
    rows_written: int
    rows_replayed: int
    rejected_rows: int
    report: str
    received_at: datetime.datetime
    rejections: list[RejectionOut]

    @staticmethod
    def resolve_rejections(obj: LoanBatch) -> list[dict]:
        return [{"record": r["row"] - 2, "column": r["column"], "reason": r["reason"]} for r in obj.rejections]


class BatchSummaryOut(Schema):
    id: int
    batch_id: str
    channel: str
    source_name: str
    outcome: str
    rows_read: int
    rows_written: int
    rejected_rows: int
    received_at: datetime.datetime


@router.post(
    "/batches",
    response={200: BatchOut, 201: BatchOut, **errors(400, 401, 403), 422: BatchOut | ErrorOut},
    summary="Push a batch of loans",
    operation_id="push_batch",
    openapi_extra=links(200, 201, to="get_batch", batch_pk="$response.body#/id"),
)
def push_batch(request, payload: PushIn):
    """201: new loan versions stored; 200: every loan version was already held (nothing changed);
    422: the batch was rejected as a whole, `rejections` lists the records and reasons in Chinese,
    or, when the batch could not be taken at all, an error body whose `code` says why."""
    loans_sweep()
    with api_caller(request) as user:
        if not user.institution_id:
            raise PermissionDenied(_("Only the company’s own users push its loans."), code=Code.PUSH_FOR_OWN_COMPANY)
        records = [loan.model_dump(exclude_unset=True) for loan in payload.loans]
        batch = loan_batch_receive(
            institution=user.institution,
            channel=FeedChannel.API,
            source_name=f"api-{clock.today():%Y%m%d}-{len(records)}",
            records=records,
            by=user,
        )
    if batch.problem:
        return Status(422, {"code": batch.problem, "detail": batch.report, "field": None, "errors": []})
    if batch.outcome == BatchOutcome.REJECTED:
        return Status(422, batch)
    return Status(201 if batch.outcome == BatchOutcome.ACCEPTED else 200, batch)


@router.get(
    "/batches",
    response={200: list[BatchSummaryOut], **errors(401, 404, 422)},
    summary="Loan batches received",
    operation_id="list_batches",
    # `batch_pk`, the record's number, is `id`; `batch_id` is the batch's content hash (text).
    openapi_extra=links(200, to="get_batch", batch_pk="$response.body#/items/0/id"),
)
@paginate(BoundedPageNumberPagination)
def list_batches(request):
    if not can_view_loan_batches(request.auth):
        raise Http404
    return LoanBatch.objects.for_user(request.auth).order_by("-received_at", "-pk")


@router.get(
    "/batches/{object_id:batch_pk}",
    response={200: BatchOut, **errors(401, 404)},
    summary="One loan batch and its report",
    operation_id="get_batch",
)
def get_batch(request, batch_pk: ObjectId):
    if not can_view_loan_batches(request.auth):
        raise Http404
    return get_object_or_404(LoanBatch.objects.for_user(request.auth), pk=batch_pk)
