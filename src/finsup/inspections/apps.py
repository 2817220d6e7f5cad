from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "finsup.inspections"
    verbose_name = _("On-site inspections and measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)

        if apps.is_installed("finsup.documents"):
            from finsup.documents.signals import signed_off

            from . import links
            from .paperwork import record_sign_off

            signed_off.connect(record_sign_off, dispatch_uid="inspections.record_sign_off")
            links.register()  # the register's links to inspections, interviews, measures
