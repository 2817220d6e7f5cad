"""How the audit trail names what the licensing services write (finsup.audit.presentation)."""

from django.utils.translation import gettext_lazy

from finsup.audit.presentation import name_change

from .choices import CheckItem, CheckResult


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def checks_text(value) -> str:
    """An annual review's computed checks, {item: result}, as "item: result" by their names."""
    if not isinstance(value, dict):
        return str(value)
    return "；".join(f"{_label(CheckItem, item)}：{_label(CheckResult, result)}" for item, result in value.items())


name_change("checks", gettext_lazy("checks"), read=checks_text, object_type="licensing.annualreview")
