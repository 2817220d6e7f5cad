"""A rule in test is evaluated, stored with its stage and shown, but opens no warning and counts
for nothing (breach counts, ratings); promoted to active it keeps its version and counts."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from finsup.ratings.schemes import Indicator
from finsup.ratings.selectors import measure
from finsup.reporting import services, workflow
from finsup.reporting.choices import RuleStage
from finsup.reporting.models import RuleResult
from finsup.reporting.selectors import institution_filings
from tests import factories as f

from .helpers import Q1_2026, pc_figures

RULE = "pc_short_term_max"
IN_TEST = [("private_capital.toml", RULE, "threshold = 0.30", 'threshold = 0.25\nstage = "test"')]
ACTIVE = [("private_capital.toml", RULE, "threshold = 0.30", "threshold = 0.25")]


def _accepted_breach(world):
    """A private capital manager's 2026Q1 filing: short-term investment 4,000 of 10,000 + 5,000 万元
    = 26.7 %, within 30 % but above 25 %."""
    founded = datetime.date(2018, 1, 1)
    inst = f.make_institution("371302", kind="private_capital", established_on=founded, approved_on=founded)
    clerk = f.make_user("pc_stage", "institution", institution=inst)
    filing = services.submission_file(
        by=clerk,
        institution=inst,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(short_term_investment_avg="4000", investment_total="12000", agri_small_investment="8000"),
        channel="web",
    )
    return workflow.submission_accept(submission=filing, by=world.lanshan["clerk"])


def _rule_warnings(filing):
    return RiskWarning.objects.filter(institution=filing.institution, rule_id=RULE)


def test_a_breach_of_a_rule_in_test_is_stored_and_shown_but_warns_no_one(world, rules_in_force, client_for):
    rules_in_force(edits=IN_TEST)
    filing = _accepted_breach(world)
    result = RuleResult.objects.get(submission=filing, rule_id=RULE, current=True)
    assert result.passed is False and result.stage == RuleStage.TEST
    assert not _rule_warnings(filing).exists()
    assert not RiskWarning.objects.filter(source=WarningSource.SHARP_CHANGE, rule_id=RULE).exists()
    # Not counted as a breach of the filing …
    listed = institution_filings(actor=world.lanshan["lead_supervisor"], institution=filing.institution)
    assert [s.breaches for s in listed] == [0]
    # … but shown to supervisors, marked as in test.
    page = client_for(world.lanshan["lead_supervisor"]).get(reverse("reporting:detail", args=[filing.pk]))
    assert page.status_code == 200
    assert str(RuleStage.TEST.label) in page.content.decode()


def test_the_same_breach_of_an_active_rule_opens_a_warning(world, rules_in_force):
    rules_in_force(edits=ACTIVE)
    filing = _accepted_breach(world)
    result = RuleResult.objects.get(submission=filing, rule_id=RULE, current=True)
    assert result.passed is False and result.stage == RuleStage.ACTIVE
    assert _rule_warnings(filing).count() == 1
    listed = institution_filings(actor=world.lanshan["lead_supervisor"], institution=filing.institution)
    assert [s.breaches for s in listed] == [1]


def test_promoting_a_rule_keeps_its_version_and_the_results_show_when_it_went_live(world, rules_in_force):
    rules_in_force(edits=IN_TEST, name="in_test")
    filing = _accepted_breach(world)
    in_test = RuleResult.objects.get(submission=filing, rule_id=RULE, current=True)

    rules_in_force(edits=ACTIVE, name="active")
    call_command("rules", "evaluate", verbosity=0)

    live = RuleResult.objects.get(submission=filing, rule_id=RULE, current=True)
    in_test.refresh_from_db()
    assert live.rule_version == in_test.rule_version  # the same rule …
    assert (in_test.stage, in_test.current) == (RuleStage.TEST, False)  # … evaluated in test, kept
    assert live.stage == RuleStage.ACTIVE and live.passed is False  # … and now live
    assert _rule_warnings(filing).count() == 1


def test_a_rule_in_test_has_no_effect_on_ratings(world, rules_in_force):
    scored = {"type": "quantitative", "weight": Decimal(10)}
    breaches = Indicator(id="breaches", name_zh="违规", name_en="Breaches", measure="rule_breaches", **scored)
    latest = Indicator(
        id="latest", name_zh="短期投资", name_en="Short-term", measure="rule_value_latest", rule=RULE, **scored
    )
    rules_in_force(edits=IN_TEST, name="in_test")
    filing = _accepted_breach(world)
    assert measure(indicator=breaches, institution=filing.institution, year=2026) == 0
    assert measure(indicator=latest, institution=filing.institution, year=2026) is None

    rules_in_force(edits=ACTIVE, name="active")
    call_command("rules", "evaluate", verbosity=0)
    assert measure(indicator=breaches, institution=filing.institution, year=2026) == 1
    assert measure(indicator=latest, institution=filing.institution, year=2026) > Decimal("0.25")


def test_rules_check_counts_the_rules_in_test_and_the_blocking_ones(capsys, rules_in_force):
    rules_in_force(edits=IN_TEST)
    call_command("rules", "check")
    assert "(3 in test, 2 blocking)" in capsys.readouterr().out
