"""Read access to the registry through the API, scoped exactly like the pages (a session, or an
institution's API token, which reads only its own institution)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from finsup.accounts.policies import Action, can
from finsup.web.api.errors import errors
from finsup.web.api.pagination import BoundedPageNumberPagination
from finsup.web.api.schemas import ObjectId, links

from . import selectors
from .models import Institution

router = Router(tags=["institutions"])


class InstitutionOut(Schema):
    id: int
    credit_code: str
    name: str
    kind: str
    county_code: str
    status: str
    registered_capital: Decimal
    paid_in_capital: Decimal
    established_on: datetime.date
    approved_on: datetime.date
    approval_doc_no: str

    @staticmethod
    def resolve_county_code(obj: Institution) -> str:
        return obj.county.code


class InstitutionFilters(Schema):
    q: str | None = None
    kind: str | None = None
    county: str | None = None
    status: str | None = None


def _require(request, action: Action) -> None:
    if not can(request.user, action):
        raise Http404


@router.get(
    "/",
    response={200: list[InstitutionOut], **errors(401, 404, 422)},
    summary="Institutions the caller may see",
    operation_id="list_institutions",
    openapi_extra=links(200, to="get_institution", institution_id="$response.body#/items/0/id"),
)
@paginate(BoundedPageNumberPagination)
def list_institutions(request, filters: Query[InstitutionFilters]):
    _require(request, Action.INSTITUTION_VIEW)
    qs, _ = selectors.institution_list(actor=request.user, filters=filters.dict(exclude_none=True))
    return qs


@router.get(
    "/{object_id:institution_id}",
    response={200: InstitutionOut, **errors(401, 404)},
    summary="One institution",
    operation_id="get_institution",
)
def get_institution(request, institution_id: ObjectId):
    _require(request, Action.INSTITUTION_VIEW)
    try:
        return selectors.institution_get(actor=request.user, pk=institution_id)
    except Institution.DoesNotExist:
        raise Http404 from None
