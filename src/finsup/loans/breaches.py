"""The figures of a loan-monitoring breach, for the breach's page (see finsup.monitoring.breaches):
the latest day the loan rule's result kept the warning."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.monitoring.breaches import BreachFigures, register_breach_figures
from finsup.monitoring.choices import WarningSource

from .models import LoanRuleResult
from .selectors import _result_row, loan_rules


@register_breach_figures(WarningSource.LOAN_MONITORING)
def loan_breach_figures(actor, warning) -> BreachFigures | None:
    result = LoanRuleResult.objects.for_user(actor).filter(warning=warning).order_by("-as_of").first()
    if result is None:
        return None
    row = _result_row(result, loan_rules())
    if row.is_row_rule:
        url = reverse("loans:rule_loans", args=[result.institution_id, result.rule_id])
        url += f"?day={result.as_of:%Y-%m-%d}"
    else:
        url = reverse("loans:company", args=[result.institution_id])
    return BreachFigures(
        value=row.value,
        limit=row.limit,
        passed=result.passed,
        url=url,
        where=_("the loan rules on %(day)s") % {"day": f"{result.as_of:%Y-%m-%d}"},
    )
