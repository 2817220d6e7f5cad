from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "finsup.incidents"
    label = "incidents"
    verbose_name = _("Major risk incidents")

    def ready(self):
        from finsup.audit.labels import register_former_labels

        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)

        # Until 2026-12 these models were the complaints app's: older audit entries name them so.
        for model in ("incident", "incidentlogentry", "incidentlink"):
            register_former_labels(f"incidents.{model}", f"complaints.{model}")

        # what an office's own report counts of the incidents (finsup.reporting.office_facts)
        from finsup.reporting.office_facts import register_office_facts

        from .selectors import incident_period_counts

        register_office_facts("incidents", incident_period_counts)
