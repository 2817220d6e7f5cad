from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "finsup.surveys"
    verbose_name = _("Special surveys")

    def ready(self):
        # What waits for a user (notifications.waiting): surveys to answer, overdue answers.
        from . import waiting  # noqa: F401
