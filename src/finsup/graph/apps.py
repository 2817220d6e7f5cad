from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphConfig(AppConfig):
    name = "finsup.graph"
    verbose_name = _("Ownership and related parties")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import panels  # noqa: F401  the institution page's relations tab; the registry's change hook
