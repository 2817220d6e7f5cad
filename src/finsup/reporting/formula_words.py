"""A rule's formula as a supervisor reads it: each field named as the report names it, each value
of the filing's context or the loan-level feed by its name, and the SQL words and operators in
words ("贷款余额合计 ÷ 净资产"). The expression itself stays on the rulebook page under its
technical details (issue 16: names, never identifiers)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import catalogue_access as cat
from .validation import field_label

# What a rule reads besides its report's fields (catalogue.context): the filing's context from the
# registry and the ratings, the loan-level feed's columns, and the values a formula compares them with.
TERMS = {
    "registered_capital": _("registered capital"),
    "paid_in_capital": _("paid-in capital"),
    "company_age_years": _("years since establishment"),
    "established_this_year": _("established this year"),
    "rated_i_consecutive_years": _("consecutive years rated I"),
    "latest_rating_level": _("latest rating level"),
    "period_start": _("start of the period"),
    "period_end": _("end of the period"),
    "is_joint_stock": _("company limited by shares"),
    "main_shareholder_stake": _("stake of the main shareholder and its related parties"),
    "annual_rate_all_in": _("all-in annual rate"),
    "approved_counties": _("approved operating area"),
    "borrower_balance": _("outstanding of the borrower"),
    "borrower_business_balance": _("business loans outstanding of the borrower"),
    "borrower_consumer_balance": _("consumer loans outstanding of the borrower"),
    "borrower_county": _("borrower's county"),
    "borrower_group_balance": _("outstanding of the borrower group"),
    "contract_date": _("contract date"),
    "lpr_1y": _("one-year LPR at contract date"),
    "pboc_benchmark_1y": _("PBoC benchmark lending rate"),
    "net_assets": _("net assets"),
    "online_lending": _("licensed for online lending"),
    "outstanding": _("loan outstanding"),
    "overdue_days": _("days overdue"),
    "purpose": _("loan purpose"),
    "related_party": _("loan to a related party"),
    "upfront_deduction": _("amount deducted upfront"),
    "agriculture": _("agriculture"),
    "small_business": _("small business"),
    "consumer": pgettext_lazy("loan purpose", "consumer"),
    "business": pgettext_lazy("loan purpose", "business"),
    "securities": _("securities"),
    "real_estate": _("real estate"),
}
WORDS = {
    "case": "",
    "when": _("when"),
    "then": _(", then"),
    "else": _(", otherwise"),
    "end": "",
    "and": _("and"),
    "or": _("or"),
    "not": _("not"),
    "in": _("is one of"),
    "sum": _("total of"),
    "max": _("largest"),
    "min": _("smallest"),
    "true": _("yes"),
    "false": _("no"),
    "null": _("empty"),
    "is": _("is"),
    "list_contains": _("contains"),
    "cast": "",
    "as": "",
    "date": "",
    "number": "",
    "of": "",
    "records": _("number of loans"),
    "where": _("for which"),
}
OPERATORS = {"/": "÷", "*": "×", ">=": "≥", "<=": "≤", "<>": "≠", "!=": "≠", "=": "="}
TOKEN = re.compile(r"'[^']*'|[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?|>=|<=|<>|!=|[-+*/()=<>,]")


def formula_in_words(rule) -> str:
    """The rule's formula, and its limit when that is a formula too, in words."""
    labels = _field_labels(rule.report)
    text = _words(rule.formula.text, labels)
    if rule.threshold_expr is not None:
        text += "；" + str(_("limit")) + "：" + _words(rule.threshold_expr.text, labels)
    if rule.applies_when is not None:
        text += "；" + str(_("applies when")) + "：" + _words(rule.applies_when.text, labels)
    return text


def _field_labels(report_code) -> dict[str, str]:
    if not report_code:
        return {}
    labels = {}
    for version in cat.catalogue()[report_code].versions:
        labels.update({f.id.lower(): field_label(f) for f in version.fields})
    return labels


def _words(expression: str, labels: dict[str, str]) -> str:
    out = []
    for token in TOKEN.findall(expression):
        bare = token.strip("'").lower()
        if bare in labels:
            out.append(labels[bare])
        elif bare in TERMS:
            out.append(str(TERMS[bare]))
        elif bare in WORDS:
            out.append(str(WORDS[bare]))
        elif token in OPERATORS:
            out.append(OPERATORS[token])
        else:
            out.append(token.strip("'"))
    text = " ".join(t for t in out if t)
    return re.sub(r"\s+([,)，])", r"\1", re.sub(r"\(\s+", "(", text))
