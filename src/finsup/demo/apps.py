from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "finsup.demo"
    verbose_name = _("Demo")

    def ready(self):
        from finsup.audit.presentation import name_change, name_object_type
        from finsup.institutions.choices import InstitutionKind

        name_object_type("demo", _("demo data"))
        name_change("seed", _("random seed"))
        name_change("counts", _("records"), read=lambda v: _labelled(v, COUNT_NAMES))
        name_change("kinds", _("institutions by kind"), read=lambda v: _labelled(v, dict(InstitutionKind.choices)))


# What the demo's audit entry counts, by name (finsup.demo.services._save).
COUNT_NAMES = {
    "institutions": _("institutions"),
    "staff": _("staff"),
    "oversight_users": _("users of oversight bodies"),
    "institution_users": _("institution users"),
    "shareholders": _("shareholders"),
    "related_parties": _("related parties"),
    "key_persons": _("key persons"),
    "training_records": _("training records"),
    "status_changes": _("status changes"),
}


def _labelled(value, names) -> str:
    if not isinstance(value, dict):
        return str(value)
    return "；".join(f"{names.get(key, key)} {count}" for key, count in value.items())
