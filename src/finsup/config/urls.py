from django.urls import include, path
from django.views.i18n import set_language

from finsup.api.urls import api
from finsup.web.health import healthz

urlpatterns = [
    path("", include("finsup.portal.urls")),
    path("accounts/", include("finsup.accounts.urls")),
    path("dashboard/", include("finsup.dashboard.urls")),
    path("institutions/", include("finsup.institutions.urls")),
    path("filings/", include("finsup.reporting.urls")),
    path("warnings/", include("finsup.monitoring.urls")),
    path("loans/", include("finsup.loans.urls")),
    path("relations/", include("finsup.graph.urls")),
    path("ratings/", include("finsup.ratings.urls")),
    path("inspections/", include("finsup.inspections.urls")),
    path("licensing/", include("finsup.licensing.urls")),
    path("supervision/", include("finsup.inspections.urls_measures")),
    path("documents/", include("finsup.documents.urls")),
    path("archives/", include("finsup.archives.urls")),
    path("handling/complaints/", include("finsup.complaints.urls")),
    path("incidents/", include("finsup.incidents.urls")),
    path("fundraising/", include("finsup.fundraising.urls")),
    path("listing/", include("finsup.listing.urls")),
    path("worklog/", include("finsup.worklog.urls")),
    path("partners/", include("finsup.partners.urls")),
    path("analysis/", include("finsup.analysis.urls")),
    path("qualifications/", include("finsup.qualifications.urls")),
    path("governance/", include("finsup.governance.urls")),
    path("outreach/", include("finsup.outreach.urls")),
    path("campaign/", include("finsup.outreach.public_urls")),
    path("accountability/", include("finsup.accountability.urls")),
    path("penalties/", include("finsup.penalties.urls")),
    path("surveys/", include("finsup.surveys.urls")),
    path("audit/", include("finsup.audit.urls")),
    path("notifications/", include("finsup.notifications.urls")),
    path("search/", include("finsup.search.urls")),
    path("exchange/", include("finsup.exchange.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]

handler404 = "finsup.web.views.not_found"
