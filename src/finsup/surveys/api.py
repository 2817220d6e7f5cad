"""Answering surveys through the API: the surveys sent to the caller's institution (or office), one
survey's definition, and its answers. Callers authenticate with a session or an institution's API
token; every answer goes through `services.answer_submit`, the validation of the web form and Excel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from ninja import Field, Router, Schema, Status

from finsup.accounts.policies import Action, can
from finsup.web.api.auth import TOKEN_OR_SESSION, api_caller
from finsup.web.api.errors import errors
from finsup.web.api.fields import FieldId, FieldValue, Text
from finsup.web.api.schemas import ObjectId

from . import selectors, services
from .choices import AnswerChannel
from .definition import version_of
from .models import SurveyAnswer, SurveyRecipient

router = Router(tags=["surveys"], auth=TOKEN_OR_SESSION)


class SurveyFieldOut(Schema):
    id: str
    label_zh: str
    type: str
    unit: str
    unit_zh: str
    required: bool
    min: Decimal | None
    max: Decimal | None


class SurveyRequestOut(Schema):
    id: int = Field(description="the request: one survey as sent to the caller")
    title: str
    basis: str
    sending_office: str
    deadline: datetime.date
    state: str = Field(description="answered, forwarded, waiting or overdue")
    fields: list[SurveyFieldOut]

    @staticmethod
    def resolve_title(obj: SurveyRecipient) -> str:
        return obj.survey.title

    @staticmethod
    def resolve_basis(obj: SurveyRecipient) -> str:
        return obj.survey.basis

    @staticmethod
    def resolve_sending_office(obj: SurveyRecipient) -> str:
        return obj.survey.office.name

    @staticmethod
    def resolve_deadline(obj: SurveyRecipient) -> datetime.date:
        return obj.survey.deadline

    @staticmethod
    def resolve_state(obj: SurveyRecipient) -> str:
        return str(selectors.state_of(obj))

    @staticmethod
    def resolve_fields(obj: SurveyRecipient) -> list[dict]:
        version = version_of(obj.survey.definition)
        return [{k: getattr(f, k) for k in SurveyFieldOut.model_fields} for f in version.fields]


class AnswerIn(Schema):
    values: Annotated[dict[FieldId, FieldValue], Field(max_length=300)] = Field(
        description="Item id → value in the item's unit of entry (e.g. 万元); numbers or text"
    )
    correction_reason: Text(2000) = ""


class AnswerOut(Schema):
    id: int
    request: int
    version: int
    channel: str
    submitted_at: datetime.datetime
    correction_reason: str
    values: dict[str, str | None] = Field(description="Item id → stored value: money in yuan, exact text")

    @staticmethod
    def resolve_request(obj: SurveyAnswer) -> int:
        return obj.recipient_id

    @staticmethod
    def resolve_values(obj: SurveyAnswer) -> dict[str, str | None]:
        return {k: None if v is None else str(v) for k, v in obj.values.items()}


def _request(request, pk) -> SurveyRecipient:
    if not can(request.auth, Action.SURVEY_VIEW):
        raise Http404
    try:
        return selectors.request_get(actor=request.auth, pk=pk)
    except SurveyRecipient.DoesNotExist:
        raise Http404 from None


@router.get(
    "",
    response={200: list[SurveyRequestOut], **errors(401, 404)},
    summary="The surveys sent to the caller's institution or office",
    operation_id="list_survey_requests",
)
def list_survey_requests(request):
    if not can(request.auth, Action.SURVEY_VIEW):
        raise Http404
    return list(selectors.requests_received(actor=request.auth)[:200])


@router.get(
    "/{object_id:request_id}",
    response={200: SurveyRequestOut, **errors(401, 404)},
    summary="One survey as sent to the caller: its items, units and bounds",
    operation_id="get_survey_request",
)
def get_survey_request(request, request_id: ObjectId):
    return _request(request, request_id)


@router.get(
    "/{object_id:request_id}/answers",
    response={200: list[AnswerOut], **errors(401, 404)},
    summary="The answers given to a survey, newest version first",
    operation_id="list_survey_answers",
)
def list_survey_answers(request, request_id: ObjectId):
    return list(selectors.answers_of(_request(request, request_id)))


@router.post(
    "/{object_id:request_id}/answers",
    response={201: AnswerOut, **errors(400, 401, 403, 404, 422)},
    summary="Answer (or correct the answer to) a survey",
    operation_id="answer_survey",
)
def answer_survey(request, request_id: ObjectId, payload: AnswerIn):
    """Validation is complete before anything is stored: a rejected answer answers 422 with every
    error by item. Answering again is a correction and needs `correction_reason`."""
    recipient = _request(request, request_id)
    with api_caller(request) as user:
        answer = services.answer_submit(
            recipient=recipient,
            by=user,
            raw=payload.values,
            channel=AnswerChannel.API,
            correction_reason=payload.correction_reason,
        )
    return Status(201, answer)
