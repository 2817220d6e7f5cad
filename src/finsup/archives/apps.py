from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "finsup.archives"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"
