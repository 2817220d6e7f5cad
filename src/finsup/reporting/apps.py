from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "finsup.reporting"
    verbose_name = _("Off-site supervision")

    def ready(self):
        # Register how the audit trail names its records, a breach's figures, what waits for a user
        # and the institution page's filings tab.
        from . import audit_names, breaches, panels, waiting  # noqa: F401
