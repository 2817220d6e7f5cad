from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "finsup.licensing"
    verbose_name = _("Licensing and annual review")

    def ready(self):
        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
