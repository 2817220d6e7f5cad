"""A change application's proposed values as people read them: each by its name, capital in 万元,
the operating area by its offices' names (issue 16: names, never identifiers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_by_code
from finsup.core import numbers

NAMES = {
    "name": _("name"),
    "registered_capital": _("registered capital"),
    "paid_in_capital": _("paid-in capital"),
    "address": _("address"),
    "business_region": _("business region"),
}
MONEY = {"registered_capital", "paid_in_capital"}


def proposed_lines(values) -> list[tuple[str, str]]:
    """[(name, value as read)] of an application's proposed values, in the form's order."""
    if not isinstance(values, dict):
        return []
    lines = []
    for key, value in values.items():
        if key in MONEY:
            shown = numbers.wan_yuan(value)
        elif key == "business_region":
            codes = value if isinstance(value, list) else [value]
            names = dict(offices_by_code(codes).values_list("code", "short_name"))
            shown = "、".join(names.get(c, str(c)) for c in codes)
        else:
            shown = str(value)
        lines.append((str(NAMES.get(key, key)), shown))
    return lines


def proposed_text(values) -> str:
    """The same on one line, for the audit trail."""
    return "；".join(f"{name}：{shown}" for name, shown in proposed_lines(values))
