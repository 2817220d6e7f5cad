"""A rectification whose opinion letter and notice were dated in the past, and the days that follow.

The rule (inspection_issue_opinion): a finding without a deadline of its own must be rectified
within 30 days counted from the date of the letter, the local (Asia/Shanghai) day it was finalised
and dated, whenever the finding was recorded; it is overdue from the day after that deadline, and
each daily run of `finsup inspections escalate` then escalates it one step and gives 30 more days
from the day of that run. The clock is fixed: the inspection runs in August 2026, the letter is
finalised ten minutes after local midnight on 2 September (16:10 UTC on 1 September)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from finsup.documents.models import OfficialDocument
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind
from finsup.inspections.models import FindingEscalation, IssuedDocument, Measure
from finsup.inspections.selectors import findings_overdue
from tests.documents.issuing import sign_all_open

from .helpers import add_finding, present_and_report, started

LETTER_DAY = datetime.date(2026, 9, 2)  # local date of 2026-09-01T16:10Z
DEADLINE = datetime.date(2026, 10, 2)  # 30 days from the letter's date
RECORDED = datetime.date(2026, 8, 4)  # the finding, a month before the letter


@pytest.fixture
def finding(world, clock):
    inspector = world.lanshan["inspector"]
    clock.at("2026-08-04T02:00:00Z")  # 10:00 local
    inspection = started(world.lanshan, world.inst_lanshan)
    found = add_finding(inspector, inspection)
    clock.at("2026-08-20T03:00:00Z")
    present_and_report(inspector, inspection)
    clock.at("2026-09-01T16:10:00Z")  # 00:10 on 2 September in Linyi
    s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["逐项整改并报送整改报告"])
    sign_all_open()  # signed off by the leader the same minute
    found.refresh_from_db()
    return found


def escalate(capsys, clock, moment):
    """`finsup inspections escalate` with no --as-of, as cron runs it, at `moment`."""
    clock.at(moment)
    call_command("inspections", "escalate")
    return capsys.readouterr().out.strip()


def test_the_deadline_counts_from_the_letters_local_date_not_from_the_finding(finding):
    assert timezone.localdate(finding.created_at) == RECORDED
    letter = IssuedDocument.objects.get(inspection=finding.inspection, kind="opinion_letter")
    notice = IssuedDocument.objects.get(inspection=finding.inspection, kind="rectification_notice")
    assert letter.issued_at == notice.issued_at == datetime.datetime.fromisoformat("2026-09-01T16:10:00Z")
    assert finding.inspection.opinion_issued_on == LETTER_DAY
    assert (finding.deadline, finding.status, finding.escalation_level) == (DEADLINE, "rectifying", 0)
    # What the institution reads: the notice, dated 2 September, gives the same deadline.
    printed = OfficialDocument.objects.get(pk=notice.document_id)
    assert timezone.localdate(printed.finalised_at) == LETTER_DAY
    assert printed.context["deadline"] == DEADLINE.isoformat()
    assert [row["deadline"] for row in printed.context["findings"]] == [DEADLINE.isoformat()]


def test_overdue_from_local_midnight_after_the_deadline(finding, world, clock, capsys):
    supervisor = world.lanshan["lead_supervisor"]
    out = escalate(capsys, clock, "2026-10-02T15:59:59Z")  # 23:59:59 on the deadline day: in time
    assert out == "0 overdue rectifications escalated as of 2026-10-02"
    assert not findings_overdue(actor=supervisor, as_of=timezone.localdate()).exists()
    assert not FindingEscalation.objects.exists()

    out = escalate(capsys, clock, "2026-10-02T16:00:00Z")  # local midnight: 3 October
    assert out == "1 overdue rectifications escalated as of 2026-10-03"
    step = FindingEscalation.objects.get()
    assert (step.finding, step.level, step.on_date) == (finding, 1, datetime.date(2026, 10, 3))
    assert (step.missed_deadline, step.next_deadline) == (DEADLINE, datetime.date(2026, 11, 2))
    measure = Measure.objects.get()
    assert (measure.kind, measure.escalation_level, list(measure.findings.all())) == (
        MeasureKind.RATING_V1,
        1,
        [finding],
    )
    finding.refresh_from_db()
    assert (finding.escalation_level, finding.deadline) == (1, datetime.date(2026, 11, 2))

    assert escalate(capsys, clock, "2026-10-03T15:00:00Z") == "0 overdue rectifications escalated as of 2026-10-03"
    assert FindingEscalation.objects.count() == 1


def test_a_run_long_after_the_deadline_escalates_one_step_and_counts_on_from_that_day(finding, clock, capsys):
    """Nobody ran the job for two months: the first run escalates once (not once per 30 days
    missed), and the next deadline is 30 days from that run, not from the letter."""
    assert escalate(capsys, clock, "2026-12-06T02:00:00Z") == "1 overdue rectifications escalated as of 2026-12-06"
    finding.refresh_from_db()
    assert (finding.escalation_level, finding.deadline) == (1, datetime.date(2027, 1, 5))
    assert escalate(capsys, clock, "2027-01-05T15:59:00Z") == "0 overdue rectifications escalated as of 2027-01-05"
    assert escalate(capsys, clock, "2027-01-05T16:00:00Z") == "1 overdue rectifications escalated as of 2027-01-06"
    steps = FindingEscalation.objects.order_by("level")
    assert [(e.level, e.on_date, e.missed_deadline) for e in steps] == [
        (1, datetime.date(2026, 12, 6), DEADLINE),
        (2, datetime.date(2027, 1, 6), datetime.date(2027, 1, 5)),
    ]
