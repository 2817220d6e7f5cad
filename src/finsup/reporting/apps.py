from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "finsup.reporting"
    verbose_name = _("Off-site supervision")

    def ready(self):
        from . import audit_names, breaches, waiting  # noqa: F401  register how the trail names its records, a breach's figures, what waits for a user
