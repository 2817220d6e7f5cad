from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "finsup.documents"
    verbose_name = _("Official documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            search,  # noqa: F401  registers its kind of the staff search (finsup.search.registry)
            tasks,  # noqa: F401  registers the PDF task with the queue (documents.queue)
            waiting,  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
        )
