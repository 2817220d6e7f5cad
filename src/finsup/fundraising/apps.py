from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundraisingConfig(AppConfig):
    name = "finsup.fundraising"
    verbose_name = _("Illegal fundraising")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import links  # noqa: F401  the 移送书's link back to its entity on the document register
