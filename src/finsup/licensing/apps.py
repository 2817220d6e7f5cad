from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "finsup.licensing"
    verbose_name = _("Licensing and annual review")

    def ready(self):
        from finsup.audit.presentation import name_change

        # what the city's annual-review report counts (finsup.reporting.office_facts)
        from finsup.reporting.office_facts import register_office_facts

        # what waits for a user (finsup.notifications.waiting); how the audit trail names a review's checks;
        # the application as a matter of the archive (finsup.archives.registry)
        from . import archiving, audit_names, waiting  # noqa: F401
        from .proposed import proposed_text
        from .selectors import annual_review_counts

        register_office_facts("annual_reviews", annual_review_counts)

        name_change("proposed_values", _("new values"), read=proposed_text)  # each by its name, capital in 万元

        # the registry's history of decisions links an application to those who may open it
        from django.urls import reverse

        from finsup.institutions.decision_history import DecisionSource, register_decision_source

        from .selectors import applications_visible
        from .services.applications import DECISION_SOURCE

        register_decision_source(
            DECISION_SOURCE,
            DecisionSource(
                url=lambda pk: reverse("licensing:application_detail", args=[pk]), visible=applications_visible
            ),
        )
