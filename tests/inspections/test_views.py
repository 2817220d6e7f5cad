"""The inspection pages: each renders for the right roles, a service's refusal shows its Chinese
message on the page and changes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from finsup.inspections.choices import FindingStatus, InspectionStatus
from finsup.inspections.models import Finding, Inspection, InspectionPlan, RectificationReport
from tests.documents.issuing import sign_all_open

from .helpers import add_finding, new_inspection, present_and_report, staff, started, team_of, to_rectification, upload

pytestmark = pytest.mark.django_db


def page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_plans_are_created_and_approved_and_list_their_inspections(client, world):
    inspector, leader = world.lanshan["inspector"], world.lanshan["leader"]
    client.force_login(inspector)
    response = client.post("/inspections/plans/new/", {"year": 2026, "title": "2026年度检查计划"})
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and plan.office == inspector.office
    # the same title again: the service's Chinese refusal, no second plan
    text = client.post("/inspections/plans/new/", {"year": 2026, "title": "2026年度检查计划"}).content.decode()
    assert "本办该年度已有同名检查计划。" in text
    assert InspectionPlan.objects.count() == 1
    new_inspection(inspector, world.inst_lanshan, plan=plan, title="计划内检查")
    assert "计划内检查" in page(client, inspector, f"/inspections/plans/{plan.pk}/")
    assert 'id="approve-plan"' not in page(client, inspector, f"/inspections/plans/{plan.pk}/")
    assert 'id="approve-plan"' in page(client, leader, f"/inspections/plans/{plan.pk}/")
    client.post(f"/inspections/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.approved_by == leader
    page(client, world.luozhuang["inspector"], f"/inspections/plans/{plan.pk}/", status=404)
    page(client, world.clerk_lanshan_inst, "/inspections/plans/", status=404)


def test_an_inspection_is_created_from_an_institution_and_refusals_change_nothing(client, world):
    inspector = world.lanshan["inspector"]
    url = f"/inspections/new/?institution={world.inst_lanshan.pk}"
    assert "新建现场检查" in page(client, inspector, url)
    data = {
        "title": "专项检查",
        "kind": "thematic",
        "unannounced": "on",
        "scope_text": "贷款业务",
        "planned_start": "2026-11-02",
        "planned_end": "2026-11-06",
    }
    text = client.post(url, data).content.decode()
    assert "只有临时性检查可以不提前通知。" in text and not Inspection.objects.exists()
    data.pop("unannounced")
    response = client.post(url, data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    page(client, world.lanshan["clerk"], url, status=404)  # clerks do not run inspections
    page(client, world.luozhuang["inspector"], url, status=404)  # outside the county


def test_the_team_must_be_complete_before_the_start(client, world):
    inspector, lead = world.lanshan["inspector"], world.lanshan["lead_supervisor"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    client.force_login(inspector)
    client.post(f"/inspections/{inspection.pk}/members/", {"user": lead.pk, "team_role": "leader"})
    member = inspection.members.get()
    client.force_login(lead)
    text = page(client, lead, f"/inspections/{inspection.pk}/")
    assert 'id="step-declare"' in text
    client.post(f"/inspections/{inspection.pk}/members/{member.pk}/declare/", {"declaration": ""})
    client.force_login(inspector)
    client.post(f"/inspections/{inspection.pk}/notice/", {"materials": "贷款台账\n财务报表", "contact": "王五"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.NOTIFIED
    text = client.post(f"/inspections/{inspection.pk}/start/").content.decode()
    assert "现场检查应至少有2名检查人员。" in text
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.NOTIFIED and inspection.started_at is None


def test_evidence_shows_its_checksum_and_downloads_verified(client, world):
    inspection = started(world.lanshan, world.inst_lanshan)
    inspector = world.lanshan["inspector"]
    client.force_login(inspector)
    client.post(
        f"/inspections/{inspection.pk}/evidence/",
        {"file": SimpleUploadedFile("底稿.pdf", b"%PDF-1.4 paper"), "description": "贷款台账"},
    )
    evidence = inspection.evidence.get()
    assert evidence.sha256 in page(client, inspector, f"/inspections/{inspection.pk}/")
    response = client.get(f"/inspections/{inspection.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 paper"
    page(client, world.luozhuang["inspector"], f"/inspections/{inspection.pk}/evidence/{evidence.pk}/", status=404)


def test_findings_facts_report_and_opinion_through_the_pages(client, world, papers):
    inspection = started(world.lanshan, world.inst_lanshan)
    inspector = world.lanshan["inspector"]
    paper = upload(inspector, inspection)
    client.force_login(inspector)
    base = f"/inspections/{inspection.pk}"
    # no citation: the form refuses, nothing recorded
    client.post(f"{base}/findings/", {"title": "分类不准", "description": "d", "severity": "minor"})
    assert not Finding.objects.exists()
    client.post(
        f"{base}/findings/",
        {
            "title": "贷款分类不准确",
            "description": "3笔逾期贷款仍列为关注类",
            "citation": "《小额贷款公司监督管理暂行办法》第二十条",
            "rule_id": "ml2008_provision_adequacy",
            "severity": "major",
            "evidence": [paper.pk],
        },
    )
    finding = Finding.objects.get()
    assert list(finding.evidence.all()) == [paper]
    text = client.post(f"{base}/opinion/", {"requirements": "整改"}).content.decode()
    assert "现场检查" in text  # the page again; the opinion letter comes after the report
    client.post(f"{base}/facts/", {"facts": "贷款分类不准确", "assessment": "内控薄弱"})
    client.post(f"{base}/report/", {"confirmed_by": "张三", "confirmed_on": "2026-11-06", "overview": "检查组进场检查"})
    client.post(f"{base}/opinion/", {"requirements": "逐项整改"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.RECTIFICATION
    text = page(client, inspector, f"{base}/")
    assert text.count("/docx") >= 5 and "opinion_letter" in papers
    assert "贷款分类不准确" in text


def test_the_clerk_files_rectification_and_the_supervisor_decides(client, world):
    past = timezone.localdate() - datetime.timedelta(days=1)
    inspection = to_rectification(world.lanshan, world.inst_lanshan, deadline=past)
    finding = inspection.findings.get()
    clerk = world.clerk_lanshan_inst
    text = page(client, clerk, "/inspections/rectification/")
    assert finding.title in text and "row-overdue" in text
    page(client, world.clerk_luozhuang_inst, f"/inspections/findings/{finding.pk}/", status=404)
    # the supervisor cannot decide before a report is filed: Chinese error, nothing changed
    client.force_login(world.lanshan["inspector"])
    text = client.post(f"/inspections/findings/{finding.pk}/decision/", {"decision": "verify", "reason": "好"})
    assert "不能从" in text.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFYING
    client.force_login(clerk)
    client.post(f"/inspections/findings/{finding.pk}/rectification/", {"text": ""})
    assert not RectificationReport.objects.exists()
    client.post(
        f"/inspections/findings/{finding.pk}/rectification/",
        {"text": "已重新分类并计提拨备", "files": [SimpleUploadedFile("整改.pdf", b"%PDF-1.4 r")]},
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.SUBMITTED and finding.reports.get().evidence.count() == 1
    inspector = world.lanshan["inspector"]
    client.force_login(inspector)
    client.post(f"/inspections/findings/{finding.pk}/decision/", {"decision": "verify", "reason": "已核实"})
    client.post(f"/inspections/findings/{finding.pk}/decision/", {"decision": "close", "reason": "整改完成"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    client.post(f"/inspections/{inspection.pk}/close/", {"note": "整改完成"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED


def test_a_decision_out_of_turn_shows_the_chinese_error(client, world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    from finsup.inspections import services as s

    s.rectification_submit(by=world.clerk_lanshan_inst, finding=finding, text="已整改")
    s.rectification_verify(by=world.lanshan["inspector"], finding=finding, reason="已核实")
    client.force_login(world.lanshan["inspector"])
    text = client.post(f"/inspections/findings/{finding.pk}/decision/", {"decision": "return", "reason": "再改"})
    assert "不能从" in text.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED


def test_duty_board_and_city_rollup_render(client, world):
    assert "检查" in page(client, world.lanshan["inspector"], "/inspections/duties/")
    text = page(client, world.city["leader"], "/inspections/duties/")
    assert 'id="rollup"' in text


def test_institution_panel_offers_an_inspection_to_those_who_run_them(client, world):
    url = f"/inspections/?institution={world.inst_lanshan.pk}"
    client.force_login(world.lanshan["inspector"])
    assert 'id="start-inspection"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    client.force_login(world.lanshan["clerk"])
    assert 'id="start-inspection"' not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    client.force_login(world.luozhuang["inspector"])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert 'hx-get="/inspections/?institution=' in page(
        client, world.lanshan["inspector"], f"/institutions/{world.inst_lanshan.pk}/"
    )


def test_institution_users_see_their_inspection_only_after_the_opinion_letter(client, world):
    inspection = started(world.lanshan, world.inst_lanshan)
    add_finding(world.lanshan["inspector"], inspection)
    page(client, world.clerk_lanshan_inst, f"/inspections/{inspection.pk}/", status=404)
    present_and_report(world.lanshan["inspector"], inspection)
    from finsup.inspections import services as s

    s.inspection_issue_opinion(by=world.lanshan["inspector"], inspection=inspection, requirements=["整改"])
    page(client, world.clerk_lanshan_inst, f"/inspections/{inspection.pk}/", status=404)  # until signed off
    sign_all_open()
    text = page(client, world.clerk_lanshan_inst, f"/inspections/{inspection.pk}/")
    assert 'id="team"' not in text and 'id="evidence"' not in text
    assert "casefile.zip" not in text  # the case file is the office's
    assert "casefile.zip" in page(client, world.lanshan["inspector"], f"/inspections/{inspection.pk}/")


def test_unannounced_inspection_offers_no_notice(client, world):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan, kind="ad_hoc", unannounced=True)
    staff(inspection, inspector, team_of(world.lanshan))
    text = page(client, inspector, f"/inspections/{inspection.pk}/")
    assert 'id="step-notice"' not in text and 'id="step-start"' in text


def test_a_declared_conflict_takes_the_member_off_the_team(client, world):
    inspector, lead = world.lanshan["inspector"], world.lanshan["lead_supervisor"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    from finsup.inspections import services as s

    member = s.member_add(by=inspector, inspection=inspection, user=lead, team_role="leader")
    client.force_login(lead)
    url = f"/inspections/{inspection.pk}/members/{member.pk}/declare/"
    text = client.post(url, {"has_conflict": "on", "declaration": ""}).content.decode()
    assert "请说明利益冲突情况。" in text
    member.refresh_from_db()
    assert member.declared_at is None
    client.post(url, {"has_conflict": "on", "declaration": "本人配偶在该公司任职"})
    member.refresh_from_db()
    assert member.has_conflict and member.withdrawn_at is not None
    assert "退出检查组" in page(client, inspector, f"/inspections/{inspection.pk}/")


def test_follow_up_visits_and_cancelling(client, world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    inspector = world.lanshan["inspector"]
    client.force_login(inspector)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    text = client.post(f"/inspections/{inspection.pk}/follow-ups/", {"visited_on": tomorrow, "notes": "回访"})
    assert "回访日期不能晚于今天。" in text.content.decode() and not inspection.follow_ups.exists()
    client.post(
        f"/inspections/{inspection.pk}/follow-ups/",
        {"visited_on": timezone.localdate().isoformat(), "notes": "现场核实整改进展", "finding": ""},
    )
    assert inspection.follow_ups.get().notes == "现场核实整改进展"
    other = new_inspection(inspector, world.inst_lanshan, title="待取消检查")
    client.post(f"/inspections/{other.pk}/cancel/", {"reason": "机构已停业"})
    other.refresh_from_db()
    assert other.status == InspectionStatus.CANCELLED


def test_list_pages_read_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    inspector = world.lanshan["inspector"]
    from finsup.inspections import services as s

    plan = s.plan_create(by=inspector, year=2026, title="计划")
    for n in range(4):
        new_inspection(inspector, world.inst_lanshan, title=f"检查{n}", plan=plan)
    s.plan_create(by=inspector, year=2026, title="计划二")
    client.force_login(inspector)
    for url in ("/inspections/", "/inspections/plans/", "/inspections/rectification/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_an_open_warning_offers_an_ad_hoc_inspection(client, world):
    from .helpers import make_warning

    warning = make_warning(world.inst_lanshan)
    inspector = world.lanshan["inspector"]
    text = page(client, inspector, f"/warnings/{warning.pk}/")
    assert f"&amp;warning={warning.pk}" in text
    url = f"/inspections/?institution={world.inst_lanshan.pk}&warning={warning.pk}"
    assert f"warning={warning.pk}" in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    text = page(client, inspector, f"/inspections/new/?institution={world.inst_lanshan.pk}&warning={warning.pk}")
    assert warning.title in text and 'value="ad_hoc" selected' in text
