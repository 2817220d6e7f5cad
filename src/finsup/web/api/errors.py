"""Every error under /api/ has one JSON shape, `ErrorOut`: a machine-readable `code`, a `detail`
for people, and for bad input the field errors. `finsup.api.handlers` gives it to ninja's own errors
and to the services' `ApplicationError`s (status and code from `core.errors`); `finsup.api.middleware`
to what Django answers around ninja (an unknown path or a non-integer id: 404; a method the path
lacks: 405; a server error: 500)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .schemas import ErrorOut

API_PREFIX = "/api/"

# The code of an error that has no more specific one, by HTTP status.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_request",
    429: "too_many_requests",
    500: "server_error",
}
DETAILS = {
    400: _("The request could not be read."),
    401: _("Authentication is required: a session or an API token (Authorization: Bearer fsk_…)."),
    403: _("This is not allowed."),
    404: _("Not found."),
    405: _("This path does not take this method."),
    413: _("The request is too large."),
    422: _("The request is not valid."),
    429: _("Too many requests."),
    500: _("Server error."),
}


def code_for(status: int) -> str:
    return CODES.get(status, "bad_request" if status < 500 else "server_error")


def error_body(status: int, detail: str | None = None, *, code: str | None = None, field=None, errors=()) -> dict:
    return {
        "code": code or code_for(status),
        "detail": str(detail or DETAILS.get(status, "")),
        "field": field,
        "errors": [{"field": f, "message": m} for f, m in errors],
    }


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation: `response={200: Out, **errors(401, 404, 422)}`."""
    return dict.fromkeys(statuses, ErrorOut)
