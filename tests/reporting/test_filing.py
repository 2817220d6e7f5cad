import datetime
from decimal import Decimal

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.reporting import obligations, services, workflow
from finsup.reporting.models import Submission
from finsup.reporting.services import FilingRejected
from tests import factories as f

from .helpers import Q1_2026, pc_figures


@pytest.fixture
def pc(world):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name="兰山区测试民间资本管理股份有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    clerk = f.make_user("pc_clerk", "institution", institution=inst)
    return inst, clerk


def file(pc, period=Q1_2026, reason="", **changes):
    inst, clerk = pc
    return services.submission_file(
        by=clerk,
        institution=inst,
        report_code="pc_quarterly",
        period=period,
        raw=pc_figures(**changes),
        channel="web",
        correction_reason=reason,
    )


def test_valid_filing_is_stored_in_yuan_and_audited(pc):
    submission = file(pc)
    assert submission.status == "submitted" and submission.version == 1
    assert submission.values["registered_capital_avg"] == "100000000.00"  # 10000 万元
    assert submission.events.get().action == "submit"
    assert AuditEntry.objects.filter(object_type="reporting.submission", action="create").count() == 1


def test_rejected_filing_stores_nothing_but_the_attempt(pc):
    before = AuditEntry.objects.count()
    with pytest.raises(FilingRejected) as exc:
        file(pc, investment_total="abc", agri_small_investment="-1", bogus_field="1")
    assert not Submission.objects.exists()
    fields = {field for field, _ in exc.value.errors}
    assert {"investment_total", "agri_small_investment", None} <= fields
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("seq").action == "rejected"


def test_identity_check_failure_is_reported(pc):
    with pytest.raises(FilingRejected) as exc:
        file(pc, funding_total_avg="9999")
    assert len(exc.value.errors) == 1


def test_second_filing_of_a_period_needs_a_reason_and_is_a_new_version(pc):
    first = file(pc)
    with pytest.raises(ApplicationError):
        file(pc)
    second = file(pc, reason="更正短期投资数据", short_term_investment_avg="900")
    first.refresh_from_db()
    assert (first.status, second.version, second.supersedes_id) == ("superseded", 2, first.pk)
    assert first.values["short_term_investment_avg"] == "10000000.00"  # never overwritten
    assert Submission.objects.count() == 2


def test_only_the_institutions_own_users_file(pc, world):
    inst, _ = pc
    with pytest.raises(PermissionDenied):
        services.submission_file(
            by=world.lanshan["clerk"],
            institution=inst,
            report_code="pc_quarterly",
            period=Q1_2026,
            raw=pc_figures(),
            channel="web",
        )
    with pytest.raises(PermissionDenied):
        services.submission_file(
            by=world.clerk_lanshan_inst,
            institution=inst,
            report_code="pc_quarterly",
            period=Q1_2026,
            raw=pc_figures(),
            channel="web",
        )


def test_wrong_report_for_the_kind(pc):
    inst, clerk = pc
    with pytest.raises(ApplicationError):
        services.submission_file(
            by=clerk, institution=inst, report_code="ml_monthly_business", period=Q1_2026, raw={}, channel="web"
        )


def test_workflow_county_accepts_city_confirms(pc, world):
    submission = file(pc)
    with pytest.raises(PermissionDenied):
        workflow.submission_accept(submission=submission, by=world.luozhuang["clerk"])
    with pytest.raises(InvalidTransition):
        workflow.submission_confirm(submission=submission, by=world.city["clerk"])
    workflow.submission_accept(submission=submission, by=world.lanshan["lead_supervisor"])
    with pytest.raises(PermissionDenied):
        workflow.submission_confirm(submission=submission, by=world.lanshan["leader"])
    workflow.submission_confirm(submission=submission, by=world.city["clerk"])
    submission.refresh_from_db()
    assert submission.status == "confirmed"
    assert [e.action for e in submission.events.all()] == ["submit", "accept", "confirm"]


def test_return_needs_a_reason(pc, world):
    submission = file(pc)
    with pytest.raises(ApplicationError):
        workflow.submission_return(submission=submission, by=world.lanshan["clerk"], reason=" ")
    workflow.submission_return(submission=submission, by=world.lanshan["clerk"], reason="投资合计有误")
    submission.refresh_from_db()
    assert submission.status == "returned"


@pytest.mark.parametrize(
    ("filed", "state"), [("2026-04-15T23:30:00+08:00", "on_time"), ("2026-04-16T00:10:00+08:00", "late")]
)
def test_missing_and_late_filings(pc, settings, monkeypatch, filed, state):
    """Q1 2026 is due on 2026-04-15 (local time): filed on the day it is on time, ten minutes after
    local midnight it is late. Q2 was never filed."""
    inst, _ = pc
    settings.FINSUP_REPORTING_START = datetime.date(2026, 1, 1)
    with monkeypatch.context() as clock:
        clock.setattr("django.utils.timezone.now", lambda: datetime.datetime.fromisoformat(filed))
        file(pc)
    rows = {
        (o.period.label, o.state) for o in obligations.obligations(institutions=[inst], as_of=datetime.date(2026, 8, 1))
    }
    assert ("2026Q2", "missing") in rows
    assert ("2026Q1", state) in rows


def test_amounts_beyond_the_stored_precision_are_refused(pc):
    with pytest.raises(FilingRejected):
        file(pc, investment_total=Decimal("1e20"))
