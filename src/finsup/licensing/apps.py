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
