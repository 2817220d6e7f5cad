from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "finsup.inspections"
    verbose_name = _("On-site inspections and measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        # what an office's own report counts of on-site supervision (finsup.reporting.office_facts)
        from finsup.reporting.office_facts import register_office_facts

        # what waits for a user (finsup.notifications.waiting); the inspection as a matter of the archive
        from . import archiving, waiting  # noqa: F401
        from .selectors import supervision_period_counts

        register_office_facts("supervision", supervision_period_counts)

        if apps.is_installed("finsup.documents"):
            from finsup.documents.signals import signed_off

            from . import links
            from .services.inspections import documents_signed_off

            signed_off.connect(documents_signed_off, dispatch_uid="inspections.documents_signed_off")
            links.register()  # the register's links to inspections, interviews, measures
