from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "finsup.institutions"
    verbose_name = _("Institutions registry")

    def ready(self):
        # how the audit trail names the export's filters; its kind of the staff search (finsup.search.registry)
        from . import audit_names, search  # noqa: F401
