import datetime

import pytest

from finsup.audit.models import AuditEntry
from finsup.monitoring.models import RiskWarning
from finsup.reporting.batch import FilingRequest, submissions_file_batch
from finsup.reporting.models import RuleResult, Submission
from finsup.reporting.periods import Period
from finsup.reporting.workflow import submissions_accept_batch
from tests import factories as f

from .helpers import pc_figures

QUARTERS = [
    Period(datetime.date(2025, m, 1), datetime.date(2025, m + 2, [31, 30, 30, 31][(m - 1) // 3])) for m in (1, 4, 7, 10)
]


@pytest.fixture
def pc(world):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    return inst, f.make_user("pc_batch", "institution", institution=inst)


def test_batch_files_valid_and_rejects_invalid_with_audit(pc):
    inst, clerk = pc
    requests = [FilingRequest(clerk, inst, "pc_quarterly", q, pc_figures()) for q in QUARTERS[:3]]
    requests.append(FilingRequest(clerk, inst, "pc_quarterly", QUARTERS[3], pc_figures(funding_total_avg="1")))
    submissions_file_batch(requests)
    assert [bool(r.submission) for r in requests] == [True, True, True, False]
    assert Submission.objects.count() == 3
    assert AuditEntry.objects.filter(action="rejected").count() == 1
    assert AuditEntry.objects.filter(action="create", object_type="reporting.submission").count() == 3


def test_batch_refuses_a_period_already_filed(pc):
    inst, clerk = pc
    submissions_file_batch([FilingRequest(clerk, inst, "pc_quarterly", QUARTERS[0], pc_figures())])
    again = submissions_file_batch([FilingRequest(clerk, inst, "pc_quarterly", QUARTERS[0], pc_figures())])
    assert again[0].submission is None and again[0].errors
    assert Submission.objects.count() == 1


def test_batch_accept_evaluates_and_opens_warnings(pc, world):
    inst, clerk = pc
    requests = submissions_file_batch(
        [
            FilingRequest(
                clerk, inst, "pc_quarterly", q, pc_figures(short_term_investment_avg="6000", investment_total="14000")
            )
            for q in QUARTERS
        ]
    )
    submissions_accept_batch(submissions=[r.submission for r in requests], by=world.lanshan["clerk"])
    assert Submission.objects.filter(status="accepted").count() == 4
    assert RuleResult.objects.filter(rule_id="pc_short_term_max", passed=False).count() == 4
    assert RiskWarning.objects.filter(rule_id="pc_short_term_max").count() == 4  # one per period


def test_a_sharp_change_against_the_previous_period_opens_a_notice(pc, world):
    inst, clerk = pc
    first = submissions_file_batch([FilingRequest(clerk, inst, "pc_quarterly", QUARTERS[0], pc_figures())])
    submissions_accept_batch(submissions=[first[0].submission], by=world.lanshan["clerk"])
    # Related-party investment from 500 to 900 (5 % → 9 % of capital): within the limit, but +80 %.
    second = submissions_file_batch(
        [FilingRequest(clerk, inst, "pc_quarterly", QUARTERS[1], pc_figures(related_party_investment="900"))]
    )
    submissions_accept_batch(submissions=[second[0].submission], by=world.lanshan["clerk"])
    notice = RiskWarning.objects.get(source="sharp_change", rule_id="pc_related_party_max")
    assert notice.level == "info" and notice.period_end == QUARTERS[1].end
