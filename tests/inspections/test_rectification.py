import datetime

import pytest
from django.utils import timezone

from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.inspections import services as s
from finsup.inspections.choices import FindingStatus, InspectionStatus
from finsup.inspections.models import IssuedDocument, RectificationDecision, RectificationReport
from finsup.notifications.models import Notification
from tests.documents.issuing import sign_all_open

from .helpers import add_finding, present_and_report, started, to_rectification


def test_the_default_deadline_is_30_days_from_the_opinion_letter_unless_set(world, clock):
    """Findings recorded on 4 August; the letter finalised at 00:10 on 2 September, local time
    (16:10 UTC the day before): 30 days from the letter's local date, not from the findings."""
    inspector = world.lanshan["inspector"]
    clock.at("2026-08-04T02:00:00Z")
    inspection = started(world.lanshan, world.inst_lanshan)
    plain = add_finding(inspector, inspection, title="问题一")
    fixed = add_finding(inspector, inspection, title="问题二", deadline=datetime.date(2027, 3, 1))
    assert plain.deadline is None and plain.status == FindingStatus.OPEN
    present_and_report(inspector, inspection)
    clock.at("2026-09-01T16:10:00Z")
    s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["逐项整改"])
    sign_all_open()
    letter = IssuedDocument.objects.get(inspection=inspection, kind="opinion_letter")
    inspection.refresh_from_db()
    assert letter.issued_at == clock.now
    assert inspection.opinion_issued_on == datetime.date(2026, 9, 2)
    plain.refresh_from_db(), fixed.refresh_from_db()
    assert plain.deadline == datetime.date(2026, 10, 2)
    assert fixed.deadline == datetime.date(2027, 3, 1)
    assert {plain.status, fixed.status} == {FindingStatus.RECTIFYING}


def test_file_return_refile_verify_close(world, django_capture_on_commit_callbacks):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    inspector, clerk = world.lanshan["inspector"], world.clerk_lanshan_inst
    world.inst_lanshan.lead_supervisor = world.lanshan["lead_supervisor"]
    world.inst_lanshan.save()

    with pytest.raises(ApplicationError):
        s.rectification_submit(by=clerk, finding=finding, text="  ")
    with django_capture_on_commit_callbacks(execute=True):
        first = s.rectification_submit(by=clerk, finding=finding, text="已调整分类。")
    assert first.version == 1 and Notification.objects.filter(user=world.lanshan["lead_supervisor"]).exists()
    with pytest.raises(InvalidTransition):  # nothing to file while the report is under review
        s.rectification_submit(by=clerk, finding=finding, text="补充。")

    with pytest.raises(ApplicationError):
        s.rectification_return(by=inspector, finding=finding, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        s.rectification_return(by=inspector, finding=finding, reason="未附制度修订文件。")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RETURNED
    assert Notification.objects.filter(user=clerk, title__contains=finding.title).exists()

    second = s.rectification_submit(by=clerk, finding=finding, text="已修订《贷款风险分类办法》。")
    assert second.version == 2
    s.rectification_verify(by=inspector, finding=finding, reason="抽查20笔，分类准确。")
    with pytest.raises(InvalidTransition):
        s.rectification_verify(by=inspector, finding=finding, reason="again")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    s.rectification_close(by=inspector, finding=finding, reason="整改到位。")
    s.followup_record(
        by=world.lanshan["lead_supervisor"],
        inspection=inspection,
        finding=finding,
        visited_on=timezone.localdate(),
        notes="回访确认。",
    )
    s.inspection_close(by=inspector, inspection=inspection)
    finding.refresh_from_db(), inspection.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED and finding.closed_at
    assert inspection.status == InspectionStatus.CLOSED
    decisions = list(RectificationDecision.objects.filter(finding=finding).values_list("decision", "report__version"))
    assert decisions == [("return", 1), ("verify", 2), ("close", 2)]


def test_only_the_institutions_own_users_file(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    for user in (world.clerk_luozhuang_inst, world.lanshan["inspector"]):
        with pytest.raises(PermissionDenied):
            s.rectification_submit(by=user, finding=finding, text="已整改。")
    with pytest.raises(PermissionDenied):  # and the institution does not decide
        s.rectification_verify(by=world.clerk_lanshan_inst, finding=finding, reason="自查合格")
    assert not RectificationReport.objects.exists()


def test_no_rectification_before_the_opinion_letter(world):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    finding = add_finding(inspector, inspection)
    with pytest.raises(InvalidTransition):
        s.rectification_submit(by=world.clerk_lanshan_inst, finding=finding, text="已整改。")
    with pytest.raises(InvalidTransition):
        s.followup_record(by=inspector, inspection=inspection, visited_on=timezone.localdate(), notes="回访")
