from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklogConfig(AppConfig):
    name = "finsup.worklog"
    verbose_name = _("Duty register")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import waiting  # noqa: F401  the user's overdue duty tasks in the work queue
