"""Continuity with the previous period, on a report that declares it: the financing guarantee
quarterly statement opens each quarter with the outstanding the previous quarter closed with
(0.01 万元 = 100 yuan tolerated). Both filing paths: one filing at a time (web form, Excel, API)
and the batch. The clock is fixed in July 2026, after both quarters ended and before Q2 is due."""

import datetime

import pytest
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.reporting import workflow
from finsup.reporting.batch import FilingRequest, submissions_file_batch
from finsup.reporting.models import Submission
from finsup.reporting.services import FilingRejected
from finsup.reporting.validation import FieldError
from tests import factories as f

from .helpers import GS_CONTINUITY_EN, GS_CONTINUITY_ZH, Q1_2026, Q2_2026, file_gs, gs_figures

NOW = datetime.datetime.fromisoformat("2026-07-10T10:00:00+08:00")


@pytest.fixture
def clerk(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    inst = f.make_institution(
        "371302", kind="guarantee", name="兰山区测试融资担保有限公司", established_on=datetime.date(2016, 1, 1)
    )
    return f.make_user("gs_clerk", "institution", institution=inst)


def continuity(close: str = "110,000.00", *, english: bool = False) -> list:
    """The error on the opening figure: the rule, and last period's close it should have continued."""
    if english:
        return [("outstanding_start", f"{GS_CONTINUITY_EN} (Last period: {close} 10k yuan.)")]
    return [("outstanding_start", f"{GS_CONTINUITY_ZH}（上期：{close} 万元）")]


def q2_filings(clerk):
    return Submission.objects.filter(institution=clerk.institution, period_end=Q2_2026.end)


def test_an_opening_that_is_not_the_previous_close_is_refused_with_the_continuity_message(clerk):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    with pytest.raises(FilingRejected) as exc:
        file_gs(clerk, Q2_2026, start="100000", end="105000")
    assert exc.value.errors == continuity()
    assert not q2_filings(clerk).exists()
    rejected = AuditEntry.objects.filter(action="rejected").get()
    assert (rejected.object_repr, rejected.changes["errors"]) == ("gs_quarterly 2026Q2", [continuity()[0][1]])


def test_the_continuity_message_follows_the_language(clerk):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    with translation.override("en"), pytest.raises(FilingRejected) as exc:
        file_gs(clerk, Q2_2026, start="100000", end="105000")
    assert exc.value.errors == continuity(english=True)


def test_an_opening_that_continues_the_previous_close_is_stored(clerk):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    q2 = file_gs(clerk, Q2_2026, start="110000", end="115000")
    assert (q2.status, q2.version, q2.values["outstanding_start"]) == ("submitted", 1, "1100000000.00")
    assert not AuditEntry.objects.filter(action="rejected").exists()


@pytest.mark.parametrize(("start", "refused"), [("110000.01", False), ("109999.99", False), ("110000.02", True)])
def test_the_tolerance_is_one_hundred_yuan_either_way(clerk, start, refused):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    if refused:
        with pytest.raises(FilingRejected) as exc:
            file_gs(clerk, Q2_2026, start=start, end="115000")
        assert exc.value.errors == continuity()
    else:
        assert file_gs(clerk, Q2_2026, start=start, end="115000").version == 1


def test_the_first_filing_has_nothing_to_continue(clerk):
    """No Q1 on the platform: any opening is accepted for Q2."""
    assert file_gs(clerk, Q2_2026, start="50000", end="60000").version == 1


def test_a_corrected_previous_period_is_compared_in_its_current_version(clerk):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    file_gs(clerk, Q1_2026, start="100000", end="120000", reason="更正本季新增担保额")
    with pytest.raises(FilingRejected) as exc:
        file_gs(clerk, Q2_2026, start="110000", end="115000")  # the superseded close
    assert exc.value.errors == continuity("120,000.00")
    assert file_gs(clerk, Q2_2026, start="120000", end="125000").version == 1


def test_a_returned_previous_period_is_not_compared(clerk, world):
    q1 = file_gs(clerk, Q1_2026, start="100000", end="110000")
    workflow.submission_return(submission=q1, by=world.lanshan["clerk"], reason="在保余额有误")
    assert file_gs(clerk, Q2_2026, start="100000", end="105000").version == 1


def batch(clerk, *quarters):
    """File (period, start, end) quarters in one batch; returns the requests in the order given."""
    return submissions_file_batch(
        [
            FilingRequest(clerk, clerk.institution, "gs_quarterly", period, gs_figures(start=start, end=end))
            for period, start, end in quarters
        ]
    )


def test_batch_refuses_a_quarter_that_does_not_continue_one_filed_earlier(clerk):
    file_gs(clerk, Q1_2026, start="100000", end="110000")
    (q2,) = batch(clerk, (Q2_2026, "100000", "105000"))
    assert (q2.submission, q2.errors) == (None, [FieldError(None, GS_CONTINUITY_ZH)])
    assert not q2_filings(clerk).exists()
    rejected = AuditEntry.objects.filter(action="rejected").get()
    assert rejected.changes["errors"] == [GS_CONTINUITY_ZH]
    (q2,) = batch(clerk, (Q2_2026, "110000", "115000"))
    assert (q2.errors, q2.submission.values["outstanding_start"]) == ([], "1100000000.00")


def test_batch_compares_with_the_previous_quarter_of_the_same_batch_whatever_the_order(clerk):
    q2, q1 = batch(clerk, (Q2_2026, "100000", "105000"), (Q1_2026, "100000", "110000"))
    assert (q1.errors, q1.submission.version) == ([], 1)
    assert (q2.submission, q2.errors) == (None, [FieldError(None, GS_CONTINUITY_ZH)])


def test_batch_files_consistent_quarters_together(clerk):
    q1, q2 = batch(clerk, (Q1_2026, "100000", "110000"), (Q2_2026, "110000", "115000"))
    assert (q1.errors, q2.errors) == ([], [])
    assert [s.period_end for s in Submission.objects.order_by("period_end")] == [Q1_2026.end, Q2_2026.end]
