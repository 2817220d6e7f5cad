"""ninja's errors and the services' errors in the API's one error shape (see errors.py); ninja's
defaults answer `{"detail": "Unauthorized"}` with no code."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from finsup.core.errors import ApplicationError, status_of, to_dict
from finsup.web.api.errors import error_body

# The HttpErrors ninja raises itself (in DEBUG it appends the parser's message).
NINJA_MESSAGES = {
    "Cannot parse request body": ("malformed_body", _("The request body is not valid JSON.")),
    "CSRF check Failed": ("csrf_failed", _("A write with a session needs its CSRF token (a token request does not).")),
}


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers, whose bodies have no `code` (`{"detail": "Unauthorized"}`)."""

    def respond(request, status: int, body: dict, **headers) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        # The status is the error class's own (core.errors): out of jurisdiction is 404, a rejected filing 422.
        status = status_of(exc)
        return respond(request, status, error_body(status, **to_dict(exc)))

    @api.exception_handler(ValidationError)
    def invalid_request(request, exc: ValidationError):
        items = [(".".join(str(part) for part in e.get("loc", ())), e.get("msg", "")) for e in exc.errors]
        return respond(request, 422, error_body(422, errors=items))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc: AuthenticationError):
        detail = exc.message if exc.message != "Unauthorized" else None  # ninja's default says nothing
        return respond(request, 401, error_body(401, detail), **{"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code, detail = next(
            ((code, detail) for start, (code, detail) in NINJA_MESSAGES.items() if exc.message.startswith(start)),
            (None, exc.message),
        )
        return respond(request, exc.status_code, error_body(exc.status_code, detail, code=code))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body(404))
