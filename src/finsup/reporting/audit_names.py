"""How the audit trail names what reporting writes (finsup.audit.presentation): a rule by its
description, a report by its name, a filing's figures by their count (the filing page shows them)."""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from finsup.audit.presentation import name_change, name_object_type

from . import catalogue_access as cat


def rule_name(rule_id) -> str:
    try:
        rule = cat.rulebook().get(str(rule_id))
    except KeyError:
        return _("a rule no longer in the rulebook (%(rule)s)") % {"rule": rule_id}
    return rule.description_zh if (get_language() or "").startswith("zh") else rule.description_en


def report_name(code) -> str:
    report = cat.catalogue().get(str(code))
    return report.name_zh if report else str(code)


def figures(values) -> str:
    count = len(values) if isinstance(values, dict) else 0
    return _("%(count)s figures (shown on the filing)") % {"count": count}


name_change("rule_id", gettext_lazy("rule"), read=rule_name)
name_change("report_code", gettext_lazy("report"), read=report_name)
name_change("values", gettext_lazy("figures"), read=figures)
name_object_type("reporting.summary", gettext_lazy("summary export"))
