"""REST API for institutions' systems and the office's tools: /api/v1/ (OpenAPI at openapi.json)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

from finsup.core.errors import ApplicationError, NotFound, PermissionDenied
from finsup.institutions.api import router as institutions_router

api = NinjaAPI(
    title="finsup",
    version="1",
    description="Linyi local financial supervision platform",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,  # Swagger UI would load assets from a CDN; users' networks are closed
)
api.add_router("/institutions", institutions_router)


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, PermissionDenied) else 400
    return api.create_response(request, {"code": exc.code, "detail": exc.message, "field": exc.field}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "detail": "Not found"}, status=404)
