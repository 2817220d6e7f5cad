from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "finsup.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
