"""The one error shape of the API (see errors.py and finsup.api.handlers), object ids in paths, and the
OpenAPI links that say which answer's field feeds which operation's parameter."""

from typing import Annotated

from django.urls import register_converter
from ninja import Field, Schema

MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one must not overflow the query


class ObjectIdConverter:
    """`{object_id:name}` in a path: matches only an id that can exist (1 … 2³¹−1); any other
    segment (`abc`, `0`, 2**70) matches no route and answers the JSON 404 (see finsup.api.middleware)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ObjectIdConverter, "object_id")
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID, description="an id; any other value answers 404")]


class ErrorItem(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    code: str = Field(
        description="stable, for programs: not_authenticated, forbidden, not_found, invalid_request (the request "
        "does not match this schema), malformed_body, filing_rejected, … or the refusing rule's own code"
    )
    detail: str = Field(description="for people, in the caller's language (Chinese by default)")
    field: str | None = None
    errors: list[ErrorItem] = []


def links(*statuses: int, to: str, **parameters: str) -> dict:
    """`openapi_extra` for an operation whose answers (`statuses`) lead to operation `to`, each of its
    parameters taken from the answer by a runtime expression, e.g. `filing_id="$response.body#/id"`."""
    link = {to: {"operationId": to, "parameters": parameters}}
    return {"responses": {status: {"links": link} for status in statuses}}
