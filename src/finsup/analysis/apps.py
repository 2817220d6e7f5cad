from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "finsup.analysis"
    verbose_name = _("Financial operation analysis")
    default_auto_field = "django.db.models.BigAutoField"
