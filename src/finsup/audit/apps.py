from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "finsup.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from finsup.core.lifecycle import register_audit_writer

        from .services import audit_status

        register_audit_writer(audit_status)
