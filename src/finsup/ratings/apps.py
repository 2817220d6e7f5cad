from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "finsup.ratings"
    label = "ratings"
    verbose_name = _("Classification ratings")

    def ready(self):
        from finsup.reporting.office_facts import register_office_facts
        from finsup.reporting.rating_facts import RatingFacts, register_rating_facts

        from . import selectors, timeline, waiting  # noqa: F401  timeline registers the rating events on the institution timeline; waiting the province's queue

        # what the rules read of the ratings (finsup.reporting.rating_facts)
        register_rating_facts(
            RatingFacts(
                final_ratings=selectors.final_ratings,
                level_i_run=selectors.level_i_run,
                latest_final_level=selectors.latest_final_level,
            )
        )
        # what an office's annual report counts of the ratings (finsup.reporting.office_facts)
        register_office_facts("ratings", selectors.rating_level_counts)
