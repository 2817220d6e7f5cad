from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "finsup.reporting"
    verbose_name = _("Off-site supervision")

    def ready(self):
        from . import breaches, waiting  # noqa: F401  register a breach's figures and what waits for a user
