from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "finsup.monitoring"
    verbose_name = _("Risk monitoring")

    def ready(self):
        # Register what waits for a user (finsup.notifications.waiting), the institution page's
        # warnings tab and what follows a new lead supervisor (finsup.institutions.panels).
        from . import panels, waiting  # noqa: F401
