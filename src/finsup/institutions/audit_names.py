"""How the audit trail names what the registry's export wrote (finsup.audit.presentation): the
filters of an export by their names and values ("类型：民间资本管理公司"), not "kind: private_capital"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from finsup.audit.presentation import name_change

from .choices import InstitutionKind, InstitutionStatus

FILTER_NAMES = {"q": _("search"), "kind": _("kind"), "county": _("county"), "status": _("status"), "sort": _("sort")}
FILTER_VALUES = {"kind": dict(InstitutionKind.choices), "status": dict(InstitutionStatus.choices)}


def export_filters(value) -> str:
    if not isinstance(value, dict):
        return str(value)
    parts = []
    for key, shown in value.items():
        shown = FILTER_VALUES.get(key, {}).get(shown, shown)
        parts.append(f"{FILTER_NAMES.get(key, key)}：{shown}")
    return "；".join(parts) or "—"


name_change("filters", _("filters"), read=export_filters)
name_change("rows", _("rows"))


def _decision_values(value) -> str:
    from .decision_history import values_text

    return values_text(value)


for _key in ("before", "after"):
    name_change(_key, read=_decision_values, object_type="institutions.decisionchange")
