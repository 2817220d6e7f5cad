from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "finsup.qualifications"
    verbose_name = _("Practitioner qualification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search  # noqa: F401  its kind of the staff search (finsup.search.registry)
