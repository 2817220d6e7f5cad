from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "finsup.institutions"
    verbose_name = _("Institutions registry")

    def ready(self):
        from . import audit_names  # noqa: F401  registers how the audit trail names the export's filters
