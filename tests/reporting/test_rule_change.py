"""A changed threshold in the rule files, then `finsup rules evaluate`: the results change, the old
results are kept (no longer current), and no code changed."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from finsup.reporting import catalogue_access, services, workflow
from finsup.reporting.models import RuleResult
from tests import factories as f

from .helpers import Q1_2026, pc_figures

RULES = Path(__file__).resolve().parents[2] / "src" / "finsup" / "rulebook" / "rules"


@pytest.fixture
def fresh_rulebook():
    catalogue_access.rulebook.cache_clear()
    yield
    catalogue_access.rulebook.cache_clear()


def test_changing_a_threshold_changes_the_results(world, settings, tmp_path, fresh_rulebook):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user("pc_rule_change", "institution", institution=inst)
    # Short-term investment 4,000 of 10,000 + 5,000 = 26.7 %: within 30 %.
    filing = services.submission_file(
        by=clerk,
        institution=inst,
        report_code="pc_quarterly",
        period=Q1_2026,
        raw=pc_figures(short_term_investment_avg="4000", investment_total="12000"),
        channel="web",
    )
    workflow.submission_accept(submission=filing, by=world.lanshan["clerk"])
    before = RuleResult.objects.get(submission=filing, rule_id="pc_short_term_max", current=True)
    assert before.passed is True

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    text = (rules / "private_capital.toml").read_text()
    start = text.index('id = "pc_short_term_max"')
    line = text.index("threshold = 0.30", start)
    (rules / "private_capital.toml").write_text(
        text[:line] + "threshold = 0.25" + text[line + len("threshold = 0.30") :]
    )
    settings.FINSUP_RULES_DIR = str(rules)

    call_command("rules", "evaluate", verbosity=0)

    after = RuleResult.objects.get(submission=filing, rule_id="pc_short_term_max", current=True)
    assert after.passed is False and after.threshold == "0.25"
    assert after.rule_version != before.rule_version
    before.refresh_from_db()
    assert before.current is False and before.passed is True  # the old result is kept


def test_a_malformed_rule_file_stops_evaluation_before_anything_runs(world, settings, tmp_path, fresh_rulebook):
    from django.core.management.base import CommandError

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "private_capital.toml"
    path.write_text(path.read_text().replace("short_term_investment_avg /", "no_such_field /", 1))
    settings.FINSUP_RULES_DIR = str(rules)
    with pytest.raises(CommandError, match="no_such_field"):
        call_command("rules", "evaluate", verbosity=0)
