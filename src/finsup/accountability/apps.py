from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "finsup.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from finsup.audit.presentation import name_change
        from finsup.core.scoping import register_case_records

        # what waits for a user (finsup.notifications.waiting), its kind of the staff search (finsup.search.registry)
        # and the case as a matter of the archive (finsup.archives.registry)
        from . import archiving, search, waiting  # noqa: F401
        from .case_records import SOURCE
        from .choices import StepKind

        def step(value) -> str:  # {"kind": ..., "text": ...}, as services.case_step writes it
            if not isinstance(value, dict):
                return str(value)
            kind = dict(StepKind.choices).get(value.get("kind"), "")
            return f"{kind}：{value.get('text', '')}" if kind else str(value.get("text", ""))

        def items(value) -> str:  # the responsibility list's items a case names, by their numbers and words
            if not isinstance(value, list):
                return str(value)
            labels = _item_labels()
            return "；".join(labels.get(i, str(i)) for i in value)

        register_case_records(SOURCE)  # the records an oversight body reads through its cases
        name_change("step", _("step"), read=step)
        name_change("items", read=items, object_type="accountability.accountabilitycase")


def _item_labels() -> dict[int, str]:
    from finsup.duties.selectors import item_choices

    return dict(item_choices())
