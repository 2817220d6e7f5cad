from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "finsup.ratings"
    label = "ratings"
    verbose_name = _("Classification ratings")

    def ready(self):
        from . import timeline  # noqa: F401  registers the rating events on the institution timeline
