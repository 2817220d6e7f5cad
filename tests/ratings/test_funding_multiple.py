"""Acceptance: a private capital manager rated I two years running may raise 5× its registered
capital from the next period: the rulebook's pc_funding_multiple reads the final ratings."""

import datetime
from decimal import Decimal

from finsup.reporting import services as filing
from finsup.reporting import workflow
from finsup.reporting.filing_rows import rating_history
from finsup.reporting.models import RuleResult
from finsup.reporting.periods import Period
from tests import factories as f
from tests.reporting.helpers import pc_figures

from .helpers import day, run_cycle

Q1_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2_2026 = Period(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def _funding_result(world, inst, clerk, period):
    # Funding 45,000 万元 on registered capital of 10,000 万元: 4.5×.
    sub = filing.submission_file(
        by=clerk,
        institution=inst,
        report_code="pc_quarterly",
        period=period,
        raw=pc_figures(funding_total_avg="45000", bank_funding_avg="45000"),
        channel="web",
    )
    workflow.submission_accept(submission=sub, by=world.lanshan["clerk"])
    return RuleResult.objects.get(submission=sub, rule_id="pc_funding_multiple", current=True)


def test_rated_i_two_years_running_raises_the_funding_limit_to_5x_from_the_next_period(world, monkeypatch):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name="临沂市兰山区汇民民间资本管理股份有限公司",
        established_on=datetime.date(2018, 3, 1),
        approved_on=datetime.date(2018, 2, 1),
    )
    clerk = f.make_user("pc_funding", "institution", institution=inst)
    assert rating_history(inst, before=day("2026-04-01")) == 0

    first = run_cycle(
        world,
        year=2024,
        kind="private_capital",
        institutions=[inst],
        final_on=day("2025-02-10"),
        monkeypatch=monkeypatch,
    )
    second = run_cycle(
        world,
        year=2025,
        kind="private_capital",
        institutions=[inst],
        sample_size=1,
        final_on=day("2026-02-10"),
        monkeypatch=monkeypatch,
    )
    assert {r.final_level for c in (first, second) for r in c.ratings.all()} == {"I"}

    # Q1 2026 began before the second I was decided: one year at I, 4×; 4.5× breaches.
    q1 = _funding_result(world, inst, clerk, Q1_2026)
    assert (q1.passed, Decimal(q1.threshold)) == (False, 4)
    # From the next period, two years running: 5×.
    q2 = _funding_result(world, inst, clerk, Q2_2026)
    assert (q2.passed, Decimal(q2.threshold)) == (True, 5)


def test_a_year_not_rated_i_breaks_the_run(world, monkeypatch):
    inst = f.make_institution("371302", kind="private_capital", established_on=datetime.date(2018, 3, 1))
    run_cycle(
        world,
        year=2024,
        kind="private_capital",
        institutions=[inst],
        final_on=day("2025-02-10"),
        monkeypatch=monkeypatch,
    )
    low = {i: (50, "一般") for i in ("governance", "risk_management", "service")}
    run_cycle(
        world,
        year=2025,
        kind="private_capital",
        institutions=[inst],
        scores=low,
        final_on=day("2026-02-10"),
        monkeypatch=monkeypatch,
    )
    assert rating_history(inst, before=day("2026-01-01")) == 1
    assert rating_history(inst, before=day("2026-04-01")) == 0
