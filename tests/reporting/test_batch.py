import datetime
import re

import pytest

from finsup.audit.models import AuditEntry
from finsup.monitoring.models import RiskWarning
from finsup.reporting.batch import FilingRequest, submissions_file_batch
from finsup.reporting.models import RuleResult, Submission
from finsup.reporting.periods import Period
from finsup.reporting.workflow import submissions_accept_batch

from .helpers import pc_figures, pc_institution

QUARTERS = [
    Period(datetime.date(2025, m, 1), datetime.date(2025, m + 2, [31, 30, 30, 31][(m - 1) // 3])) for m in (1, 4, 7, 10)
]


@pytest.fixture
def pc(world):
    return pc_institution("pc_batch")


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
    # The warning reads as supervisors read figures: a percentage against its limit, no codes.
    detail = RiskWarning.objects.filter(rule_id="pc_short_term_max").first().detail
    assert re.fullmatch(r"指标值 \d+(\.\d+)?%，限值 [≤<] \d+(\.\d+)?%。", detail), detail


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
    # Named by the rule's description, the two values as percentages: no rule id, no raw ratio.
    assert "pc_related_party_max" not in notice.title and "关联" in notice.title, notice.title
    assert notice.detail == "较上期由 5% 变为 9%。", notice.detail


def _acceptance_record(submission):
    """What an acceptance leaves behind: the event row and the audit entry, without times and ids."""
    event = submission.events.get(action="accept")
    entry = AuditEntry.objects.get(object_id=str(submission.pk), object_type="reporting.submission", action="status")
    return (
        (event.from_status, event.to_status, event.by_id, event.reason),
        (entry.actor_id, entry.changes, entry.office_path, entry.subject, entry.object_repr[:20]),
    )


def test_a_batch_acceptance_records_each_filing_as_an_acceptance_alone_does(pc, world):
    from finsup.reporting.workflow import submission_accept

    inst, clerk = pc
    alone, *many = submissions_file_batch(
        [FilingRequest(clerk, inst, "pc_quarterly", q, pc_figures()) for q in QUARTERS]
    )
    county_clerk = world.lanshan["clerk"]
    submission_accept(submission=alone.submission, by=county_clerk)
    submissions_accept_batch(submissions=[r.submission for r in many], by=county_clerk)

    expected = _acceptance_record(Submission.objects.get(pk=alone.submission.pk))
    for r in many:
        fresh = Submission.objects.get(pk=r.submission.pk)
        assert fresh.status == "accepted" and fresh.status_changed_at is not None
        record = _acceptance_record(fresh)
        assert record[0] == expected[0]
        assert record[1][:4] == expected[1][:4]


def test_a_batch_acceptance_by_someone_who_may_not_review_changes_nothing(pc, world):
    from finsup.core.errors import ApplicationError

    inst, clerk = pc
    requests = submissions_file_batch([FilingRequest(clerk, inst, "pc_quarterly", q, pc_figures()) for q in QUARTERS])
    entries = AuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        submissions_accept_batch(submissions=[r.submission for r in requests], by=world.luozhuang["clerk"])
    assert set(Submission.objects.values_list("status", flat=True)) == {"submitted"}
    assert AuditEntry.objects.count() == entries
