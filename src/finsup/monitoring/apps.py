from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "finsup.monitoring"
    verbose_name = _("Risk monitoring")

    def ready(self):
        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
