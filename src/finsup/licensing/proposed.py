"""A change application's proposed values as people read them: each by its name, capital in 万元,
the operating area by its offices' names (issue 16: names, never identifiers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_by_code
from finsup.core import numbers
from finsup.institutions.choices import HolderType, Position

NAMES = {
    "credit_code": _("unified social credit code"),
    "legal_representative": _("legal representative"),
    "shareholders": _("shareholders"),
    "executives": _("directors, supervisors and executives"),
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
        elif key == "shareholders":
            shown = "；".join(_shareholder(row) for row in value or [])
        elif key == "executives":
            shown = "；".join(_person(row) for row in value or [])
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


def _shareholder(row: dict) -> str:
    kind = HolderType(row["holder_type"]).label if row.get("holder_type") in HolderType.values else ""
    ident = row.get("id_masked") or row.get("credit_code", "")
    stake = numbers.percent(numbers.decimal(row.get("stake")) / 100) if row.get("stake") is not None else ""
    return _("%(name)s (%(kind)s, %(id)s) stake %(stake)s, subscribed %(capital)s") % {
        "name": row.get("name", ""),
        "kind": kind,
        "id": ident,
        "stake": stake,
        "capital": numbers.wan_yuan(row.get("subscribed_capital")),
    }


def _person(row: dict) -> str:
    position = Position(row["position"]).label if row.get("position") in Position.values else ""
    text = f"{row.get('name', '')}（{position}，{row.get('id_masked', '')}）"
    return text + (str(_("leaves office")) if row.get("leaves") else "")


def masked(values):
    """The proposed values as the audit trail keeps them: encrypted ID numbers left out (their masked
    form stays)."""
    if not isinstance(values, dict):
        return values
    out = dict(values)
    for key in ("shareholders", "executives"):
        if isinstance(out.get(key), list):
            out[key] = [{k: v for k, v in row.items() if k != "id_number"} for row in out[key]]
    return out
