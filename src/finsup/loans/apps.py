from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "finsup.loans"
    verbose_name = _("Loan-level monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import breaches  # noqa: F401  registers a loan breach's figures (finsup.monitoring.breaches)
