from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "finsup.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from finsup.audit.presentation import name_change

        from . import waiting  # noqa: F401  registers what waits for a user (finsup.notifications.waiting)
        from .choices import StepKind

        def step(value) -> str:  # {"kind": ..., "text": ...}, as services.case_step writes it
            if not isinstance(value, dict):
                return str(value)
            kind = dict(StepKind.choices).get(value.get("kind"), "")
            return f"{kind}：{value.get('text', '')}" if kind else str(value.get("text", ""))

        name_change("step", _("step"), read=step)
