"""The one error shape of the API (see the handlers in api/urls.py)."""

from ninja import Schema


class ErrorItem(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None
    errors: list[ErrorItem] = []
