from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "finsup.archives"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from finsup.audit.presentation import name_change

        from .registry import matter_kind

        def kind(value) -> str:
            found = matter_kind(str(value))
            return str(found.label) if found is not None else str(value)

        # how the audit trail names an archiving's kind of matter and an exported package
        name_change("kind", read=kind, object_type="archives.archiveentry")
        name_change("package", _("archive package"))
        name_change("package_sha256", _("SHA-256 of the package"))
