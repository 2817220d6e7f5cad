"""A loan rule in test: its findings are stored with their stage and shown, but open no warning;
promoted to active, the next evaluation opens it."""

import datetime

import pytest

from finsup.loans.choices import FeedChannel
from finsup.loans.evaluation import loans_evaluate
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.models import LoanRuleResult
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from finsup.reporting.choices import RuleStage

from .factories import write_csv
from .feed_helpers import company, own_rows

pytestmark = pytest.mark.django_db
RULE = "loan_banned_purpose"
THRESHOLD = ("loans.toml", RULE, "threshold = 0", "threshold = 0")
IN_TEST = ("loans.toml", RULE, "threshold = 0", 'threshold = 0\nstage = "test"')


def _warnings(inst):
    return RiskWarning.objects.filter(institution=inst, source=WarningSource.LOAN_MONITORING, rule_id=RULE)


def test_a_loan_rule_in_test_warns_no_one_until_it_is_active(tmp_path, _loan_store, rules_in_force):
    rules_in_force(edits=[IN_TEST], name="in_test")
    inst, clerk = company()
    path = write_csv(tmp_path / "loans.csv", own_rows(inst))
    loan_batch_receive(institution=inst, channel=FeedChannel.UPLOAD, source_name=path.name, path=path, by=clerk)
    found = LoanRuleResult.objects.get(institution=inst, rule_id=RULE)
    assert found.passed is False and found.loan_count == 1 and found.stage == RuleStage.TEST
    assert found.warning is None and not _warnings(inst).exists()
    # The other rules, active, warn as always.
    assert RiskWarning.objects.filter(institution=inst, rule_id="loan_outside_region").exists()

    rules_in_force(edits=[THRESHOLD], name="active")
    loans_evaluate(as_of=found.as_of + datetime.timedelta(days=1), institutions=[inst])
    live = LoanRuleResult.objects.get(institution=inst, rule_id=RULE, as_of=found.as_of + datetime.timedelta(days=1))
    assert live.stage == RuleStage.ACTIVE and live.rule_version == found.rule_version
    assert live.warning is not None and _warnings(inst).count() == 1
