import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.inspections import services as s
from finsup.inspections.choices import FindingStatus, InspectionKind, InspectionStatus
from finsup.inspections.models import Inspection, IssuedDocument
from tests.documents.issuing import sign_all_open

from .helpers import add_finding, new_inspection, present_and_report, staff, started, team_of


def test_an_announced_inspection_walks_from_plan_to_closed(world, papers):
    inspector = world.lanshan["inspector"]
    plan = s.plan_create(by=inspector, year=2026, title="2026年度现场检查计划")
    s.plan_approve(by=world.lanshan["leader"], plan=plan)
    inspection = new_inspection(inspector, world.inst_lanshan, plan=plan)
    staff(inspection, inspector, team_of(world.lanshan))
    s.inspection_notify(by=inspector, inspection=inspection)
    s.inspection_start(by=inspector, inspection=inspection)
    finding = add_finding(inspector, inspection)
    present_and_report(inspector, inspection)
    s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["逐项整改"])
    with pytest.raises(InvalidTransition):  # the rectification starts when the leader signs the letter
        s.rectification_submit(by=world.clerk_lanshan_inst, finding=finding, text="已重新分类并完善制度。")
    sign_all_open()
    s.rectification_submit(by=world.clerk_lanshan_inst, finding=finding, text="已重新分类并完善制度。")
    s.rectification_verify(by=inspector, finding=finding, reason="抽查整改后分类准确。")
    s.rectification_close(by=inspector, finding=finding, reason="整改完成。")
    s.inspection_close(by=inspector, inspection=inspection)

    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED and inspection.closed_at
    steps = [e.to_status for e in inspection.events.all()]
    assert steps == ["notified", "in_progress", "fact_confirmation", "reported", "rectification", "closed"]
    assert papers == [
        "inspection_notice",
        "findings",
        "fact_confirmation",
        "inspection_report",
        "opinion_letter",
        "rectification_notice",
    ]
    numbers = list(IssuedDocument.objects.filter(inspection=inspection).values_list("number", flat=True))
    year = timezone.localdate().year
    assert all(n.startswith("兰金办") and f"〔{year}〕" in n for n in numbers), numbers
    assert AuditEntry.objects.filter(object_type="inspections.inspection", object_id=str(inspection.pk)).count() >= 7


def test_steps_out_of_order_are_refused_and_change_nothing(world):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    staff(inspection, inspector, team_of(world.lanshan))
    with pytest.raises(InvalidTransition):
        s.inspection_start(by=inspector, inspection=inspection)  # announced: notice first
    with pytest.raises(InvalidTransition):
        s.inspection_present_facts(by=inspector, inspection=inspection, facts=["x"], assessment="y")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and not inspection.events.exists()


def test_a_report_without_findings_closes_without_an_opinion_letter(world, papers):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    present_and_report(inspector, inspection)
    with pytest.raises(InvalidTransition):
        s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["无"])
    s.inspection_close(by=inspector, inspection=inspection, note="未发现问题")
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.CLOSED
    assert "opinion_letter" not in papers


def test_an_inspection_with_open_findings_cannot_close(world):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    finding = add_finding(inspector, inspection)
    present_and_report(inspector, inspection)
    s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["逐项整改"])
    with pytest.raises(InvalidTransition):
        s.inspection_close(by=inspector, inspection=inspection)
    assert _status_of(finding) == FindingStatus.RECTIFYING


def _status_of(finding):
    finding.refresh_from_db()
    return finding.status


def test_only_ad_hoc_inspections_may_be_unannounced(world):
    inspector = world.lanshan["inspector"]
    with pytest.raises(ApplicationError):
        new_inspection(inspector, world.inst_lanshan, kind=InspectionKind.THEMATIC, unannounced=True)
    assert not Inspection.objects.exists()
    inspection = new_inspection(inspector, world.inst_lanshan, kind=InspectionKind.AD_HOC, unannounced=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(kind=InspectionKind.ANNUAL_AUDIT)


def test_an_office_inspects_only_its_jurisdiction(world):
    with pytest.raises(ApplicationError):
        new_inspection(world.lanshan["inspector"], world.inst_luozhuang)
    with pytest.raises(ApplicationError):
        new_inspection(world.lanshan["clerk"], world.inst_lanshan)  # clerks do not inspect
    assert new_inspection(world.city["inspector"], world.inst_luozhuang).office.code == "371300"


def test_cancelling_needs_a_reason(world):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    with pytest.raises(ApplicationError):
        s.inspection_cancel(by=inspector, inspection=inspection, reason=" ")
    s.inspection_cancel(by=inspector, inspection=inspection, reason="机构已停业")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CANCELLED
