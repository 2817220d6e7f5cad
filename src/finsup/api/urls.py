"""REST API for institutions' systems and the office's tools: /api/v1/ (OpenAPI at openapi.json).
Every operation documents each answer it can give; every error has the shape of `ErrorOut`."""

from ninja import NinjaAPI

from finsup.exchange.api import router as exchange_router
from finsup.institutions.api import router as institutions_router
from finsup.loans.api import router as loans_router
from finsup.reporting.api import filings_router, reports_router
from finsup.surveys.api import router as surveys_router
from finsup.web.api.auth import TOKEN_OR_SESSION

from .handlers import install_handlers

api = NinjaAPI(
    title="finsup",
    version="1",
    description="Linyi local financial supervision platform. Authenticate with a browser session or an "
    "institution's API token: `Authorization: Bearer fsk_…`. Every error answers JSON "
    '`{"code": …, "detail": …, "field": …, "errors": [{"field": …, "message": …}]}`: `code` is stable '
    "(e.g. `not_authenticated`, `not_found`, `invalid_request`, `filing_rejected`), `detail` is for people.",
    urls_namespace="api",
    auth=TOKEN_OR_SESSION,
    docs_url=None,  # Swagger UI would load assets from a CDN; users' networks are closed
)
install_handlers(api)
api.add_router("/institutions", institutions_router)
api.add_router("/reports", reports_router)
api.add_router("/filings", filings_router)
api.add_router("/loans", loans_router)
api.add_router("/exchange", exchange_router)
api.add_router("/surveys", surveys_router)
