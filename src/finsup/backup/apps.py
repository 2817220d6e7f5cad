from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "finsup.backup"
    verbose_name = _("Backup and restore")

    def ready(self):
        from finsup.audit.presentation import name_object_type

        name_object_type("backup.archive", _("backup archive"))
        name_object_type("core.personal_data", _("personal data keys"))
