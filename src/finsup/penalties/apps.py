from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "finsup.penalties"
    verbose_name = _("Administrative penalties")

    def ready(self):
        from finsup.documents.signals import signed_off

        from . import waiting  # noqa: F401  what waits for a user (finsup.notifications.waiting)
        from .services import on_signed_off

        signed_off.connect(on_signed_off, dispatch_uid="penalties.on_signed_off")
