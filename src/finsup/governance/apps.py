from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "finsup.governance"
    verbose_name = _("Governance and internal control")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import panels  # noqa: F401  the institution page's governance tab
