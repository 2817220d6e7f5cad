from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "finsup.complaints"
    verbose_name = _("Complaints and tip-offs")

    def ready(self):
        from . import (
            audit_names,  # noqa: F401  how the audit trail names a referral
            checks,  # noqa: F401
            search,  # noqa: F401  registers its kind of the staff search (finsup.search.registry)
            waiting,  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
        )
