from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "finsup.monitoring"
    verbose_name = _("Risk monitoring")

    def ready(self):
        from finsup.audit.presentation import name_change

        # Register what waits for a user (finsup.notifications.waiting), the institution page's
        # warnings tab and what follows a new lead supervisor (finsup.institutions.panels).
        from . import panels, waiting  # noqa: F401
        from .choices import WarningLevel

        # a rule's severity, in the trail as the warning level it maps onto
        name_change("severity", read=lambda v: str(WarningLevel(v).label) if v in WarningLevel.values else str(v))
