from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "finsup.licensing"
    verbose_name = _("Licensing and annual review")

    def ready(self):
        from finsup.audit.presentation import name_change

        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
        from .proposed import proposed_text

        name_change("proposed_values", _("new values"), read=proposed_text)  # each by its name, capital in 万元
