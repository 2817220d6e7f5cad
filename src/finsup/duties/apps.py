from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "finsup.duties"
    verbose_name = _("Responsibility list")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
