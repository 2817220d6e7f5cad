from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "finsup.penalties"
    verbose_name = _("Administrative penalties")

    def ready(self):
        from . import waiting  # noqa: F401  what waits for a user (finsup.notifications.waiting)
