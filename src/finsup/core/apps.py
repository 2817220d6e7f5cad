from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "finsup.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers the scoping system check)
        from .collation import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="finsup_pinyin_collation")
