"""Acceptance: a private capital manager whose latest final rating is level IV or V may raise no
funding (the rating scheme's funding_multiple 0) from the period after the rating is final; the
filing's context carries the level (reporting.filing_rows.filing_context, ratings.selectors)."""

import datetime
from decimal import Decimal

from finsup.ratings.selectors import final_ratings, latest_final_level
from finsup.reporting import services as filing
from finsup.reporting import workflow
from finsup.reporting.evaluation import row_for
from finsup.reporting.models import RuleResult
from finsup.reporting.periods import Period
from tests import factories as f
from tests.reporting.helpers import pc_figures

from .helpers import day, run_cycle

Q1_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2_2026 = Period(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
LOW = {i: (40, "问题较多") for i in ("governance", "risk_management", "service")}


def _file(world, inst, clerk, period):
    # Funding 5,000 万元 on registered capital of 10,000 万元: 0.5×, within any positive multiple.
    sub = filing.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=period, raw=pc_figures(), channel="web"
    )
    workflow.submission_accept(submission=sub, by=world.lanshan["clerk"])
    return sub


def test_a_level_iv_rating_allows_no_funding_from_the_next_period(world, monkeypatch):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name="临沂市兰山区诚信民间资本管理有限公司",
        established_on=datetime.date(2018, 3, 1),
        registered_capital=Decimal("100000000.00"),
    )
    clerk = f.make_user("pc_level", "institution", institution=inst)
    cycle = run_cycle(
        world,
        year=2025,
        kind="private_capital",
        institutions=[inst],
        scores=LOW,
        final_on=day("2026-02-10"),
        monkeypatch=monkeypatch,
    )
    level = cycle.ratings.get().final_level
    assert level in {"IV", "V"}

    history = final_ratings([inst.pk])[inst.pk]
    assert latest_final_level(history, before=day("2026-02-10")) is None  # final that day: from the next period
    assert latest_final_level(history, before=day("2026-04-01")) == level

    q1 = _file(world, inst, clerk, Q1_2026)  # began before the rating was final: 3×, 0.5× passes
    assert row_for(q1)["latest_rating_level"] is None
    result = RuleResult.objects.get(submission=q1, rule_id="pc_funding_multiple", current=True)
    assert (result.passed, Decimal(result.threshold)) == (True, 3)

    q2 = _file(world, inst, clerk, Q2_2026)
    assert row_for(q2)["latest_rating_level"] == level
    result = RuleResult.objects.get(submission=q2, rule_id="pc_funding_multiple", current=True)
    assert (result.passed, Decimal(result.threshold)) == (False, 0)


def test_the_newest_rating_replaces_the_older():
    ratings = [(2025, "II", day("2026-02-10")), (2024, "IV", day("2025-02-10"))]
    assert latest_final_level(ratings, before=day("2026-01-01")) == "IV"
    assert latest_final_level(ratings, before=day("2026-04-01")) == "II"
    assert latest_final_level([], before=day("2026-04-01")) is None
