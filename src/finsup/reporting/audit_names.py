"""How the audit trail names what reporting writes (finsup.audit.presentation): a rule by its
description, a report by its name, a filing's figures by their count (the filing page shows them)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.audit.presentation import name_change, name_object_type

from .catalogue_access import report_name
from .indicators import rule_descriptions


def rule_name(rule_id) -> str:
    description = rule_descriptions([str(rule_id)]).get(str(rule_id))
    return description or _("a rule no longer in the rulebook (%(rule)s)") % {"rule": rule_id}


def figures(values) -> str:
    count = len(values) if isinstance(values, dict) else 0
    return _("%(count)s figures (shown on the filing)") % {"count": count}


name_change("rule_id", gettext_lazy("rule"), read=rule_name)
name_change("report_code", gettext_lazy("report"), read=report_name)
name_change("values", gettext_lazy("figures"), read=figures)
name_object_type("reporting.summary", gettext_lazy("summary export"))

SUMMARY_DOCUMENTS = {
    "xlsx": gettext_lazy("the office's summary (Excel)"),
    "docx": gettext_lazy("the office's summary report (Word)"),
    "consolidated_xlsx": gettext_lazy("the city's consolidated summary (Excel)"),
}


def summary_document(kind) -> str:
    return str(SUMMARY_DOCUMENTS.get(str(kind), kind))


name_change("document", gettext_lazy("document"), read=summary_document, object_type="reporting.summary")
name_change("office", gettext_lazy("office"))
name_change("period", gettext_lazy("period"))
name_change("bytes", gettext_lazy("size (bytes)"))
# A draft's entries say how many figures it holds and which changed, never the figures (drafts.py).
name_change("figures_entered", gettext_lazy("figures entered"))
name_change("figures_changed", gettext_lazy("figures changed"))
