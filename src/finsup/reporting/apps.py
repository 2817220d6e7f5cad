from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "finsup.reporting"
    verbose_name = _("Off-site supervision")

    def ready(self):
        # Register how the audit trail names its records, a breach's figures, what waits for a user,
        # the institution page's filings tab, the indicator trends (monitoring.indicators) and the filings
        # of the staff search (finsup.search.registry).
        from finsup.monitoring.indicators import register_indicator_source

        from . import audit_names, breaches, indicators, panels, search, waiting  # noqa: F401

        register_indicator_source(indicators.SOURCE)

        # A signed-off office report (documents: 签发) files the report it carries.
        from finsup.documents.signals import signed_off

        from .office_reports import file_signed_reports

        signed_off.connect(file_signed_reports, dispatch_uid="reporting.file_signed_reports")
