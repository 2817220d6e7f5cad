"""REST API for institutions' systems and the office's tools: /api/v1/ (OpenAPI at openapi.json)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from finsup.core.errors import ApplicationError, NotFound, PermissionDenied
from finsup.institutions.api import router as institutions_router
from finsup.loans.api import router as loans_router
from finsup.reporting.api import filings_router, reports_router
from finsup.reporting.services import FilingRejected

api = NinjaAPI(
    title="finsup",
    version="1",
    description="Linyi local financial supervision platform. Authenticate with a browser session or an "
    "institution's API token: `Authorization: Bearer fsk_…`.",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,  # Swagger UI would load assets from a CDN; users' networks are closed
)
api.add_router("/institutions", institutions_router)
api.add_router("/reports", reports_router)
api.add_router("/filings", filings_router)
api.add_router("/loans", loans_router)


def _status(exc: ApplicationError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, FilingRejected):
        return 422
    return 400


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    body = {
        "code": exc.code,
        "detail": exc.message,
        "field": exc.field,
        "errors": [{"field": field, "message": message} for field, message in exc.errors],
    }
    return api.create_response(request, body, status=_status(exc))


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    errors = [
        {"field": ".".join(str(part) for part in e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    body = {"code": "invalid_request", "detail": "The request is not valid.", "field": None, "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "detail": "Not found"}, status=404)
