from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "finsup.institutions"
    verbose_name = _("Institutions registry")

    def ready(self):
        from . import search  # noqa: F401  registers its kind of the staff search (finsup.search.registry)
