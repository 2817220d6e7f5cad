from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "finsup.partners"
    verbose_name = _("Resident institutions and partners")
    default_auto_field = "django.db.models.BigAutoField"
