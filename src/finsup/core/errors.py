"""Typed errors raised by services, and the one mapper that turns them into answers.

Every refusal is an `ApplicationError` (or a subclass) and carries:

- `code`: a stable snake_case identifier for programs, taken from the refusing app's `Code` enum
  (`<app>/codes.py`); the class's own code (`invalid`, `not_found`, …) only where no app code fits;
- `http_status`: the answer it gets wherever it surfaces. `ApplicationError` 400, `NotFound` 404,
  `PermissionDenied` 403, `InvalidTransition` 409 (the record is not in a state for this step); a
  domain error declares its own (a rejected filing: 422);
- `message` for people, and optionally the form `field` and row-by-row `errors`.

The rule for who gets which answer: **what a user may not see is a 404**, everywhere. A user asking
about a record outside their jurisdiction (another office's, another institution's) gets
`OutOfScope`, which answers 404 like `NotFound`: the answer does not tell whether the record exists.
A user in scope whose role lacks the action (or whose office is of the wrong level) gets
`PermissionDenied`, 403: they may see the record, so nothing is revealed by saying no.
`OutOfScope` is also a `PermissionDenied`, so that callers catching the permission family still
catch it.

`status_of(exc)` and `to_dict(exc)` are the mapper: the API's handler (finsup.api.handlers) answers
with them, and the web kit (finsup.web) shows the message on the page, with a form (`add_service_error`)
or, for a refusal no view caught, as the 404 / 403 / 400 page of `status_of`.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """The kernel's own codes (each app has its `Code` in `<app>/errors.py`). Add, never rename."""

    FILE_TYPE_NOT_ACCEPTED = "file_type_not_accepted"
    FILE_CONTENT_MISMATCH = "file_content_mismatch"


class ApplicationError(Exception):
    """A business rule refused the operation; nothing was changed."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, errors=None):
        super().__init__(message)
        self.message = message
        # An enum member (a StrEnum or TextChoices) is kept as its plain value: the code is an identifier.
        self.code = str(code or self.code)
        self.field = field
        # A list of (location, message) pairs, e.g. for row-by-row import errors.
        self.errors = list(errors or [])


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404


class PermissionDenied(ApplicationError):
    """In scope, but the user's role may not take this action: 403."""

    code = "forbidden"
    http_status = 403


class OutOfScope(NotFound, PermissionDenied):
    """Outside the user's jurisdiction: answers as not found (404), and is a PermissionDenied too."""

    code = "not_found"
    http_status = 404


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    http_status = 409


def status_of(exc: ApplicationError) -> int:
    """The HTTP status of a refusal, declared by its class."""
    return exc.http_status


def to_dict(exc: ApplicationError) -> dict:
    """A refusal as data for an answer body: code, message, field and the row-by-row errors."""
    return {"code": exc.code, "detail": str(exc.message), "field": exc.field, "errors": list(exc.errors)}
