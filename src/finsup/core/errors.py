"""Typed errors raised by services. One mapper turns them into form errors, messages or 4xx answers."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the operation; nothing was changed."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, errors=None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.field = field
        # A list of (location, message) pairs, e.g. for row-by-row import errors.
        self.errors = list(errors or [])


class NotFound(ApplicationError):
    code = "not_found"


class PermissionDenied(ApplicationError):
    code = "forbidden"


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
