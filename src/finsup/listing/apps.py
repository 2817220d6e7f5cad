from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingConfig(AppConfig):
    name = "finsup.listing"
    verbose_name = _("Listing pipeline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            links,  # noqa: F401  the opinion's link back to its company on the document register
            search,  # noqa: F401  registers its kind of the staff search (finsup.search.registry)
        )
