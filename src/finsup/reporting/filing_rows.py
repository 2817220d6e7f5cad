"""A filing as the rulebook's engine reads it: its figures and its context (registry, ratings).
Built the same way before a filing is stored (its blocking rules, in validation) as after (its
evaluation), so a rule sees the same row in both."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from .periods import Period
from .rating_facts import rating_facts


def rating_history(institution, *, before: datetime.date) -> int:
    """Consecutive most recent annual final ratings at level I decided before `before` (a rating
    finalised during a period counts from the next one)."""
    facts = rating_facts()
    return facts.level_i_run(facts.final_ratings([institution.pk]).get(institution.pk, []), before=before)


def filing_context(*, institution, period: Period, ratings: dict | None = None, stakes: dict | None = None) -> dict:
    """What the rules read besides the figures; ``ratings`` (rating_facts().final_ratings of a
    batch) and ``stakes`` (institutions.selectors.largest_holding_stakes of a batch) save queries
    per filing.

    Like the capital, the shareholdings are the registry's as they stand now: the registry keeps
    no dated shareholdings, so an old period is checked against today's shareholders."""
    if stakes is None:
        from finsup.institutions.selectors import largest_holding_stakes

        stakes = largest_holding_stakes([institution.pk])
    facts = rating_facts()
    history = (
        ratings.get(institution.pk, [])
        if ratings is not None
        else facts.final_ratings([institution.pk]).get(institution.pk, [])
    )
    rated_i = facts.level_i_run(history, before=period.start)
    age_days = (period.end - institution.established_on).days
    return {
        "registered_capital": institution.registered_capital,
        "paid_in_capital": institution.paid_in_capital,
        "company_age_years": (Decimal(age_days) / Decimal("365.25")).quantize(Decimal("0.0001")),
        "established_this_year": institution.established_on.year == period.end.year,
        "rated_I_consecutive_years": rated_i,
        "latest_rating_level": facts.latest_final_level(history, before=period.start),
        "period_start": period.start,
        "period_end": period.end,
        # A company's registered name must end in its legal form (企业名称登记管理规定).
        "is_joint_stock": institution.name.endswith("股份有限公司"),
        # The largest shareholder with its related parties (related shareholder groups of the registry),
        # as a ratio of the registered capital; None without shareholders.
        "main_shareholder_stake": stakes.get(institution.pk),
    }


def filing_row(
    *,
    row_key,
    institution,
    report_code: str,
    period: Period,
    figures: Mapping,
    ratings: dict | None = None,
    stakes: dict | None = None,
) -> dict:
    """The engine's row: ``row_key`` (echoed in the results), report, period end, the figures in
    stored units and the context."""
    return {
        "row_key": row_key,
        "report": report_code,
        "period_end": period.end,
        **figures,
        **filing_context(institution=institution, period=period, ratings=ratings, stakes=stakes),
    }
