"""Reads of the loan feeds and of the loan rules' results, always from what the acting user may see.
No borrower identifier is stored in these tables, and none is read here: loans are named by the
company's own loan numbers only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import django_filters
from django.db.models import Max, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from finsup.core import clock, numbers
from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import institution_scope
from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.monitoring.selectors import indicator_chart_data, open_warnings_from
from finsup.rulebook.units import unit_of

from .choices import BatchOutcome, FeedChannel
from .ingest import COLUMN_LABELS_ZH
from .models import LoanBatch, LoanPortfolioDay, LoanRuleResult

if TYPE_CHECKING:
    from finsup.institutions.models import Institution
    from finsup.monitoring.models import RiskWarning

LOAN_SOURCE = "loans"  # the rulebook's data source of the loan rules
FIRST_LOANS_SHOWN = 10  # hit loans listed beside a rule; the rest on the rule's page
WARNINGS_SHOWN = 20
CHART_DAYS = 730  # evaluation days drawn in the charts, counted back from the latest
WAN = Decimal(10000)


def _date_input():
    return django_filters.widgets.forms.DateInput(attrs={"type": "date"})


class LoanBatchFilter(django_filters.FilterSet):
    company = django_filters.ModelChoiceFilter(  # its queryset is the actor's companies, set in __init__
        label=_("company"), field_name="institution", empty_label=_("All")
    )
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=BatchOutcome.choices, empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=FeedChannel.choices, empty_label=_("All"))
    received_from = django_filters.DateFilter(
        label=_("received from"), field_name="received_at", lookup_expr="date__gte", widget=_date_input()
    )
    received_to = django_filters.DateFilter(
        label=_("received until"), field_name="received_at", lookup_expr="date__lte", widget=_date_input()
    )

    class Meta:
        model = LoanBatch
        fields = ["company", "outcome", "channel", "received_from", "received_to"]

    def __init__(self, data=None, *args, actor=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if actor is None or actor.is_institution_user:
            del self.filters["company"]  # a company sees only its own batches
        else:
            self.filters["company"].queryset = loan_companies(actor=actor)


def loan_companies(*, actor) -> QuerySet[Institution]:
    """The microloan companies the actor may see (the only ones that feed loans)."""
    return institution_scope(actor=actor).filter(kind=InstitutionKind.MICROLOAN).order_by("name")


def loan_company_get(*, actor, pk: int) -> Institution:
    """A microloan company the actor may see; Institution.DoesNotExist otherwise (any other kind too)."""
    return loan_companies(actor=actor).select_related("county").get(pk=pk)


def loan_batch_list(*, actor, filters) -> tuple[QuerySet[LoanBatch], LoanBatchFilter]:
    base = LoanBatch.objects.for_user(actor).select_related("institution", "submitted_by").defer("report", "rejections")
    filterset = LoanBatchFilter(filters, queryset=base, actor=actor)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs.order_by("-received_at", "-pk"), filterset


def loan_batch_get(*, actor, pk: int) -> LoanBatch:
    """The batch if the actor may see it; LoanBatch.DoesNotExist otherwise."""
    return LoanBatch.objects.for_user(actor).select_related("institution__county", "submitted_by").get(pk=pk)


@dataclass(frozen=True)
class RejectedRow:
    row: int
    column: str
    label: str  # the column's Chinese name in the contract
    reason: str


def batch_rejected_rows(*, batch: LoanBatch) -> list[RejectedRow]:
    """The rejections kept with the batch (row, column, reason: never a value)."""
    return [
        RejectedRow(
            row=r.get("row", 0),
            column=r.get("column", ""),
            label=COLUMN_LABELS_ZH.get(r.get("column", ""), ""),
            reason=r.get("reason", ""),
        )
        for r in batch.rejections or []
    ]


# --- the loan rules' results -------------------------------------------------------------------


def loan_rules() -> dict:
    """The loan rules of the rulebook in force, in rulebook order: {rule id: Rule}."""
    from finsup.reporting.catalogue_access import rulebook

    return {r.id: r for r in rulebook() if r.source == LOAN_SOURCE}


def _description(rule) -> str:
    if rule is None:
        return ""
    return rule.description_zh if (get_language() or "").startswith("zh") else rule.description_en


@dataclass(frozen=True)
class RuleResultRow:
    result: LoanRuleResult
    description: str
    is_row_rule: bool
    value: str  # as shown: a count of loans for a row rule, the figure for an aggregate rule
    limit: str
    first_loans: list[str]
    level_label: str  # the rule's severity, named as the warnings' levels

    @property
    def more_loans(self) -> bool:
        return self.result.loan_count > len(self.first_loans)


def _rule_order(rules: dict, rule_id: str) -> tuple[int, str]:
    order = list(rules)
    return (order.index(rule_id) if rule_id in rules else len(order), rule_id)


def _result_row(result: LoanRuleResult, rules: dict) -> RuleResultRow:
    rule = rules.get(result.rule_id)
    row_rule = bool(rule and rule.is_row_rule) or bool(result.loan_ids)
    unit = numbers.COUNT if row_rule else numbers.PLAIN if rule is None else unit_of(rule)
    return RuleResultRow(
        result=result,
        description=_description(rule),
        is_row_rule=row_rule,
        value=numbers.shown(result.value, unit, against=result.threshold),
        limit=numbers.limit_text(result.comparator, result.threshold, unit),
        first_loans=list(result.loan_ids[:FIRST_LOANS_SHOWN]),
        level_label=str(WarningLevel(result.severity).label) if result.severity in WarningLevel.values else "",
    )


def loan_results_latest(*, actor, institution: Institution) -> tuple[datetime.date | None, list[RuleResultRow]]:
    """The latest evaluation day of the company and each rule's result that day, in rulebook order."""
    qs = LoanRuleResult.objects.for_user(actor).filter(institution=institution)
    day = qs.aggregate(day=Max("as_of"))["day"]
    if day is None:
        return None, []
    rules = loan_rules()
    results = sorted(qs.filter(as_of=day).select_related("warning"), key=lambda r: _rule_order(rules, r.rule_id))
    return day, [_result_row(r, rules) for r in results]


def loan_rule_result_get(
    *, actor, institution: Institution, rule_id: str, day: datetime.date | None = None
) -> RuleResultRow:
    """One rule's result for the company on ``day`` (the latest day with a result when None), with
    every loan number kept; LoanRuleResult.DoesNotExist when there is none."""
    qs = LoanRuleResult.objects.for_user(actor).filter(institution=institution, rule_id=rule_id)
    result = (qs.filter(as_of=day) if day else qs.order_by("-as_of")).select_related("warning").first()
    if result is None:
        raise LoanRuleResult.DoesNotExist
    return _result_row(result, loan_rules())


def loan_warnings_open(*, actor, institution: Institution) -> tuple[list[RiskWarning], int]:
    """The company's loan-monitoring warnings not yet closed, newest first (the first few, and how many)."""
    qs = open_warnings_from(actor=actor, institution=institution, source=WarningSource.LOAN_MONITORING)
    return list(qs[:WARNINGS_SHOWN]), qs.count()


def loan_book_latest(*, actor, institution: Institution) -> LoanPortfolioDay | None:
    return LoanPortfolioDay.objects.for_user(actor).filter(institution=institution).order_by("-as_of").first()


# --- charts ------------------------------------------------------------------------------------


def _wan(amount: Decimal) -> str:
    """A chart's figure: 万元 to the cent, digits only (the chart formats it)."""
    return format((amount / WAN).quantize(Decimal("0.01")).normalize(), "f")


def _book_chart(actor, institution, since) -> dict:
    rows = (
        LoanPortfolioDay.objects.for_user(actor)
        .filter(institution=institution, as_of__gte=since)
        .order_by("as_of")
        .values_list("as_of", "outstanding", "overdue_outstanding", "live_loans")
    )
    rows = list(rows)
    return {
        "days": [f"{d:%Y-%m-%d}" for d, *_ in rows],
        "outstanding": [_wan(o) for _, o, _, _ in rows],
        "overdue": [_wan(o) for _, _, o, _ in rows],
        "loans": [n for *_, n in rows],
    }


def _hits_chart(rules: dict, per_rule: dict[str, list[tuple]]) -> dict:
    """The row rules' hit counts on one axis of days (a day a rule was not evaluated stays empty)."""
    counts = {rule_id: {p[0]: int(p[1]) for p in points if p[1] is not None} for rule_id, points in per_rule.items()}
    days = sorted({d for by_day in counts.values() for d in by_day})
    return {
        "days": [f"{d:%Y-%m-%d}" for d in days],
        "series": [
            {
                "rule": rule_id,
                "description": _description(rules.get(rule_id)),
                "data": [by_day.get(d) for d in days],
            }
            for rule_id, by_day in counts.items()
        ],
    }


def loan_chart_data(*, actor, institution: Institution) -> dict:
    """The company's indicators over time as JSON for the charts (figures stay decimal strings):
    the loan book (万元), each aggregate rule's value with its limit, and the row rules' hit counts.
    A rule no longer in the rulebook is drawn as a value against its limit."""
    qs = LoanRuleResult.objects.for_user(actor).filter(institution=institution)
    latest = qs.aggregate(day=Max("as_of"))["day"] or clock.today()
    since = latest - datetime.timedelta(days=CHART_DAYS)
    rules = loan_rules()
    per_rule: dict[str, list[tuple]] = {}
    rows = qs.filter(as_of__gte=since).order_by("as_of").values_list("rule_id", "as_of", "value", "threshold", "passed")
    for rule_id, *point in rows:
        per_rule.setdefault(rule_id, []).append(tuple(point))  # (day, value, threshold, passed)
    ordered = sorted(per_rule, key=lambda r: _rule_order(rules, r))
    row_rules = [r for r in ordered if r in rules and rules[r].is_row_rule]
    return {
        "book": _book_chart(actor, institution, since),
        # The same charts as the indicator trends of filings (monitoring), drawn by the same script.
        "rules": indicator_chart_data({r: per_rule[r] for r in ordered if r not in row_rules}),
        "hits": _hits_chart(rules, {r: per_rule[r] for r in row_rules}),
    }
