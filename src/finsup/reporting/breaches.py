"""The figures of a filing's breach, for the breach's page (see finsup.monitoring.breaches): the
latest evaluated version of the filing of that period, which a correction may have made pass."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.monitoring.breaches import BreachFigures, register_breach_figures
from finsup.monitoring.choices import WarningSource

from .figures import result_limit, result_value
from .models import RuleResult


@register_breach_figures(WarningSource.RULE_BREACH)
def filing_breach_figures(actor, warning) -> BreachFigures | None:
    result = (
        RuleResult.objects.for_user(actor)
        .filter(
            current=True,
            rule_id=warning.rule_id,
            submission__institution_id=warning.institution_id,
            submission__report_code=warning.report_code,
            submission__period_end=warning.period_end,
        )
        .select_related("submission")
        .order_by("-submission__version", "-evaluated_at")
        .first()
    )
    if result is None:
        return None
    return BreachFigures(
        value=result_value(result),
        limit=result_limit(result),
        passed=result.passed,
        url=result.submission.get_absolute_url(),
        where=_("the filing, version %(version)s") % {"version": result.submission.version},
    )
