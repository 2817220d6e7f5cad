"""Issue 5 acceptance in a browser: one inspection from the plan to a closed rectification, as the
county inspector and the institution's clerk would do it. Documents render for real (LibreOffice)."""

import pytest

from finsup.inspections.choices import FindingStatus, InspectionStatus
from finsup.inspections.models import Finding, Inspection, InspectionPlan, IssuedDocument

from .conftest import login, screenshot


def as_user(page, username):
    from tests import factories as f

    page.context.clear_cookies()
    login(page, username, f.PASSWORD)


def submit(page, step):
    page.click(f"#step-{step} button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_an_inspection_walks_from_plan_to_closed_rectification(page, world, tmp_path):
    page.set_default_timeout(120_000)  # documents are converted by LibreOffice
    inst, inspector, lead = world.inst_lanshan, world.lanshan["inspector"], world.lanshan["lead_supervisor"]

    # The county inspector drafts the annual plan; the county's leader approves it.
    as_user(page, "lanshan_inspector")
    page.goto(page.base + "/inspections/plans/")
    page.fill("#step-plan input[name=year]", "2026")
    page.fill("#step-plan input[name=title]", "兰山区2026年度现场检查计划")
    submit(page, "plan")
    plan = InspectionPlan.objects.get()
    as_user(page, "lanshan_leader")
    page.goto(f"{page.base}/inspections/plans/{plan.pk}/")
    page.click("#approve-plan")
    page.wait_for_load_state("networkidle")
    plan.refresh_from_db()
    assert plan.approved_at is not None

    # The inspector sees the county's duties (the company's annual audit is due) and plans the
    # inspection of the company within the plan; the institution's page offers the same.
    as_user(page, "lanshan_inspector")
    page.goto(page.base + "/inspections/duties/")
    assert inst.name in page.text_content("#duties")
    screenshot(page, "inspection-duty-board")
    page.goto(f"{page.base}/institutions/{inst.pk}/")
    page.wait_for_selector("#start-inspection")
    screenshot(page, "inspection-institution-panel")
    page.goto(f"{page.base}/inspections/plans/{plan.pk}/")
    page.select_option("#plan-institution", str(inst.pk))
    page.click("#plan-inspection button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kind]", "thematic")
    page.fill("textarea[name=scope_text]", "2025年1月1日至2026年9月30日的贷款业务与财务管理")
    page.fill("textarea[name=legal_basis]", "《山东省地方金融条例》第四十二条")
    page.fill("input[name=planned_start]", "2026-11-02")
    page.fill("input[name=planned_end]", "2026-11-06")
    page.click("#inspection-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    inspection = Inspection.objects.get()
    assert inspection.plan == plan
    detail = f"{page.base}/inspections/{inspection.pk}/"

    # A team of two inspectors, each declaring no conflict of interest.
    page.select_option("#step-member select[name=user]", str(lead.pk))
    page.select_option("#step-member select[name=team_role]", "leader")
    submit(page, "member")
    page.select_option("#step-member select[name=user]", str(inspector.pk))
    page.select_option("#step-member select[name=team_role]", "member")
    submit(page, "member")
    submit(page, "declare")
    as_user(page, "lanshan_lead_supervisor")
    page.goto(detail)
    submit(page, "declare")
    as_user(page, "lanshan_inspector")
    page.goto(detail)
    screenshot(page, "inspection-team")

    # Notice, start, a working paper, a finding citing the rule and its evidence.
    page.fill("#step-notice textarea[name=materials]", "贷款台账\n财务报表\n董事会决议")
    page.fill("#step-notice input[name=contact]", "王检查 0539-8000000")
    submit(page, "notice")
    submit(page, "start")
    assert "step-current" in page.inner_html(".steps")
    paper = tmp_path / "贷款抽查底稿.pdf"
    paper.write_bytes(b"%PDF-1.4 working paper")
    page.set_input_files("#step-evidence input[name=file]", str(paper))
    page.fill("#step-evidence input[name=description]", "20笔贷款抽查底稿")
    submit(page, "evidence")
    evidence = inspection.evidence.get()
    assert evidence.sha256 in page.text_content("#evidence")
    page.fill("#step-finding input[name=title]", "贷款五级分类不准确")
    page.fill("#step-finding textarea[name=description]", "抽查20笔贷款中有3笔逾期90天以上仍列为关注类。")
    page.fill("#step-finding input[name=rule_id]", "ml2008_provision_adequacy")
    page.fill("#step-finding input[name=citation]", "《小额贷款公司监督管理暂行办法》第二十条")
    page.select_option("#step-finding select[name=severity]", "major")
    page.check(f"#step-finding input[name=evidence][value='{evidence.pk}']")
    submit(page, "finding")
    screenshot(page, "inspection-on-site")

    # Facts for confirmation, the report, the opinion letter with the rectification notice.
    page.fill("#step-facts textarea[name=facts]", "贷款五级分类不准确\n拨备计提不足")
    page.fill("#step-facts textarea[name=assessment]", "内控制度基本健全，贷款分类管理薄弱。")
    submit(page, "facts")
    page.fill("#step-report input[name=confirmed_by]", "张三")
    page.fill("#step-report textarea[name=overview]", "检查组于2026年11月进场，抽查贷款20笔。")
    submit(page, "report")
    page.fill("#step-opinion textarea[name=requirements]", "逐笔重新分类并足额计提拨备\n30日内报送整改报告")
    submit(page, "opinion")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.RECTIFICATION
    kinds = set(IssuedDocument.objects.filter(inspection=inspection).values_list("kind", flat=True))
    assert {"inspection_notice", "inspection_report", "opinion_letter", "rectification_notice"} <= kinds
    letter = IssuedDocument.objects.get(inspection=inspection, kind="opinion_letter")
    assert letter.number in page.text_content("#documents")
    pdf = page.request.get(f"{page.base}/documents/{letter.document_id}/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(page, "inspection-opinion-issued")

    # The institution's clerk sees the finding with its deadline and files the rectification report.
    as_user(page, "inst_lanshan")
    page.goto(page.base + "/inspections/rectification/")
    finding = Finding.objects.get()
    assert finding.deadline.isoformat() in page.text_content("#rectification")
    screenshot(page, "inspection-clerk-findings")
    page.click(f"#rectification a[href='/inspections/findings/{finding.pk}/']")
    page.wait_for_load_state("networkidle")
    proof = tmp_path / "整改说明.pdf"
    proof.write_bytes(b"%PDF-1.4 rectification proof")
    measures = "已对3笔贷款重新分类为次级类，补提拨备120万元。责任人：风控部李四。"
    page.fill("#step-rectification textarea[name=text]", measures)
    page.set_input_files("#step-rectification input[name=files]", str(proof))
    submit(page, "rectification")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.SUBMITTED
    screenshot(page, "inspection-rectification-filed")

    # The inspector verifies and closes the finding, then closes the inspection.
    as_user(page, "lanshan_inspector")
    page.goto(f"{page.base}/inspections/findings/{finding.pk}/")
    page.select_option("#step-decision select[name=decision]", "verify")
    page.fill("#step-decision textarea[name=reason]", "经核对贷款台账和拨备凭证，整改属实。")
    submit(page, "decision")
    page.select_option("#step-decision select[name=decision]", "close")
    page.fill("#step-decision textarea[name=reason]", "整改完成，予以销号。")
    submit(page, "decision")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    page.goto(detail)
    page.fill("#step-close textarea[name=note]", "全部问题整改完毕。")
    submit(page, "close")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED
    assert page.text_content("#inspection-status") == "已结束"
    assert page.text_content("#findings").count("已销号") == 1
    screenshot(page, "inspection-closed")
