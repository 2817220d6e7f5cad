"""Issue 5 acceptance in a browser: one inspection from the plan to a closed rectification, as the
county inspector and the institution's clerk would do it. Documents render for real (LibreOffice)."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from finsup.inspections.choices import FindingStatus, InspectionStatus
from finsup.inspections.models import Finding, Inspection, InspectionPlan, IssuedDocument
from tests.documents.issuing import sign_all_open
from tests.factories import PASSWORD

from .conftest import login, screenshot, switch_user


def as_user(page, username):
    switch_user(page, username, PASSWORD)


DOCUMENTS_MS = 120_000  # documents are converted by LibreOffice


def submit(page, step, done):
    """Sends a step's form and waits for the page to say `done` (the step's own message)."""
    page.click(f"#step-{step} button[type=submit]")
    expect(page.locator(".messages")).to_have_text(done, timeout=DOCUMENTS_MS)


@pytest.mark.browser
def test_an_inspection_walks_from_plan_to_closed_rectification(page, world, tmp_path):
    page.set_default_timeout(DOCUMENTS_MS)
    inst, inspector, lead = world.inst_lanshan, world.lanshan["inspector"], world.lanshan["lead_supervisor"]

    # The county inspector drafts the annual plan; the county's leader approves it.
    login(page, "lanshan_inspector", PASSWORD)
    page.goto(page.base + "/inspections/plans/")
    page.fill("#step-plan input[name=year]", "2026")
    page.fill("#step-plan input[name=title]", "兰山区2026年度现场检查计划")
    submit(page, "plan", "已创建检查计划“兰山区2026年度现场检查计划”。")
    plan = InspectionPlan.objects.get()
    as_user(page, "lanshan_leader")
    page.goto(f"{page.base}/inspections/plans/{plan.pk}/")
    page.click("#approve-plan")
    expect(page.locator(".messages")).to_have_text("检查计划已批准。")
    plan.refresh_from_db()
    assert plan.approved_at is not None

    # The inspector sees the county's duties (the company's annual audit is due) and plans the
    # inspection of the company within the plan; the institution's page offers the same.
    as_user(page, "lanshan_inspector")
    page.goto(page.base + "/inspections/duties/")
    expect(page.locator("#duties")).to_contain_text(inst.name)
    screenshot(page, "inspection-duty-board")
    page.goto(f"{page.base}/institutions/{inst.pk}/")
    expect(page.locator("#start-inspection")).to_be_visible()
    screenshot(page, "inspection-institution-panel")
    page.goto(f"{page.base}/inspections/plans/{plan.pk}/")
    page.select_option("#plan-institution", str(inst.pk))
    page.click("#plan-inspection button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/inspections/new/\?plan={plan.pk}&institution={inst.pk}$"))
    page.select_option("select[name=kind]", "thematic")
    page.fill("textarea[name=scope_text]", "2025年1月1日至2026年9月30日的贷款业务与财务管理")
    page.fill("textarea[name=legal_basis]", "《山东省地方金融条例》第四十二条")
    page.fill("input[name=planned_start]", "2026-11-02")
    page.fill("input[name=planned_end]", "2026-11-06")
    page.click("#inspection-form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("检查已创建，请组建检查组。")
    inspection = Inspection.objects.get()
    assert inspection.plan == plan
    detail = f"{page.base}/inspections/{inspection.pk}/"

    # A team of two inspectors, each declaring no conflict of interest.
    page.select_option("#step-member select[name=user]", str(lead.pk))
    page.select_option("#step-member select[name=team_role]", "leader")
    submit(page, "member", f"{lead}已加入检查组，请其申报利益冲突。")
    page.select_option("#step-member select[name=user]", str(inspector.pk))
    page.select_option("#step-member select[name=team_role]", "member")
    submit(page, "member", f"{inspector}已加入检查组，请其申报利益冲突。")
    submit(page, "declare", "申报已记录。")
    as_user(page, "lanshan_lead_supervisor")
    page.goto(detail)
    submit(page, "declare", "申报已记录。")
    as_user(page, "lanshan_inspector")
    page.goto(detail)
    screenshot(page, "inspection-team")

    # Notice, start, a working paper, a finding citing the rule and its evidence.
    page.fill("#step-notice textarea[name=materials]", "贷款台账\n财务报表\n董事会决议")
    page.fill("#step-notice input[name=contact]", "王检查 0539-8000000")
    submit(page, "notice", "检查通知书已起草，经核稿并由领导签发后发出。")
    submit(page, "start", "已进场检查。")
    expect(page.locator(".steps .step-current")).to_have_text("现场检查中")
    paper = tmp_path / "贷款抽查底稿.pdf"
    paper.write_bytes(b"%PDF-1.4 working paper")
    sha256 = hashlib.sha256(paper.read_bytes()).hexdigest()
    page.set_input_files("#step-evidence input[name=file]", str(paper))
    page.fill("#step-evidence input[name=description]", "20笔贷款抽查底稿")
    submit(page, "evidence", f"文件已保存（SHA-256 {sha256}）。")
    evidence = inspection.evidence.get()
    assert evidence.sha256 == sha256
    expect(page.locator("#evidence")).to_contain_text(sha256)
    page.fill("#step-finding input[name=title]", "贷款五级分类不准确")
    page.fill("#step-finding textarea[name=description]", "抽查20笔贷款中有3笔逾期90天以上仍列为关注类。")
    page.fill("#step-finding input[name=rule_id]", "ml2008_provision_adequacy")
    page.fill("#step-finding input[name=citation]", "《小额贷款公司监督管理暂行办法》第二十条")
    page.select_option("#step-finding select[name=severity]", "major")
    page.check(f"#step-finding input[name=evidence][value='{evidence.pk}']")
    submit(page, "finding", "已记录问题“贷款五级分类不准确”。")
    screenshot(page, "inspection-on-site")

    # Facts for confirmation, the report, the opinion letter with the rectification notice.
    page.fill("#step-facts textarea[name=facts]", "贷款五级分类不准确\n拨备计提不足")
    page.fill("#step-facts textarea[name=assessment]", "内控制度基本健全，贷款分类管理薄弱。")
    submit(
        page, "facts", "已起草检查事实与评价，以及待被查机构负责人签字的现场检查情况确认书；经核稿并由领导签发后编号。"
    )
    page.fill("#step-report input[name=confirmed_by]", "张三")
    page.fill("#step-report textarea[name=overview]", "检查组于2026年11月进场，抽查贷款20笔。")
    submit(page, "report", "检查报告已起草，经核稿并由领导签发后编号。")
    page.fill("#step-opinion textarea[name=requirements]", "逐笔重新分类并足额计提拨备\n30日内报送整改报告")
    submit(page, "opinion", "检查意见书和整改通知书已起草；经领导签发后，被查机构逐项整改。")
    sign_all_open()  # checked and signed off (the document register's own walk: tests/browser/ sign-off)
    page.reload()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.RECTIFICATION
    kinds = set(IssuedDocument.objects.filter(inspection=inspection).values_list("kind", flat=True))
    assert {"inspection_notice", "inspection_report", "opinion_letter", "rectification_notice"} <= kinds
    letter = IssuedDocument.objects.get(inspection=inspection, kind="opinion_letter")
    expect(page.locator("#documents")).to_contain_text(letter.number)
    pdf = page.request.get(f"{page.base}/documents/{letter.document_id}/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(page, "inspection-opinion-issued")

    # The institution's clerk sees the finding with its deadline and files the rectification report.
    as_user(page, "inst_lanshan")
    page.goto(page.base + "/inspections/rectification/")
    finding = Finding.objects.get()
    expect(page.locator("#rectification")).to_contain_text(finding.deadline.isoformat())
    screenshot(page, "inspection-clerk-findings")
    page.click(f"#rectification a[href='/inspections/findings/{finding.pk}/']")
    expect(page).to_have_url(re.compile(rf"/inspections/findings/{finding.pk}/$"))
    proof = tmp_path / "整改说明.pdf"
    proof.write_bytes(b"%PDF-1.4 rectification proof")
    measures = "已对3笔贷款重新分类为次级类，补提拨备120万元。责任人：风控部李四。"
    page.fill("#step-rectification textarea[name=text]", measures)
    page.set_input_files("#step-rectification input[name=files]", str(proof))
    submit(page, "rectification", "整改报告已报送（第1版）。")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.SUBMITTED
    screenshot(page, "inspection-rectification-filed")

    # The inspector verifies and closes the finding, then closes the inspection.
    as_user(page, "lanshan_inspector")
    page.goto(f"{page.base}/inspections/findings/{finding.pk}/")
    page.select_option("#step-decision select[name=decision]", "verify")
    page.fill("#step-decision textarea[name=reason]", "经核对贷款台账和拨备凭证，整改属实。")
    submit(page, "decision", "整改情况已核实。")
    page.select_option("#step-decision select[name=decision]", "close")
    page.fill("#step-decision textarea[name=reason]", "整改完成，予以销号。")
    submit(page, "decision", "问题已销号。")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    page.goto(detail)
    page.fill("#step-close textarea[name=note]", "全部问题整改完毕。")
    submit(page, "close", "检查已结案。")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED
    expect(page.locator("#inspection-status")).to_have_text("已结束")
    expect(page.locator("#findings tbody tr")).to_have_count(1)
    expect(page.locator("#findings tbody tr td:last-child")).to_have_text("已销号")
    screenshot(page, "inspection-closed")
