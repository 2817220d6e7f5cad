"""Issue 12 in a browser: a private-capital company's clerk opens its accepted filing, reads the rules
it breached and justifies two breaches (one with a file); the county's lead supervisor finds them
waiting, accepts one and rejects the other; the clerk answers again and the supervisor accepts;
a third breach is found a false alarm, and the rulebook counts them per rule."""

import pytest
from playwright.sync_api import expect

from finsup.monitoring.choices import JustificationStatus, WarningSource, WarningStatus
from tests import factories as f
from tests.monitoring.breach_helpers import filed_breaches

from .conftest import login, screenshot


def decide(page, warning, decision: str, reason: str) -> None:
    page.goto(page.base + f"/warnings/{warning.pk}/")
    page.fill("textarea[name=justification-reason]", reason)
    page.click(f"button[name=justification-decision][value={decision}]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_an_institution_justifies_its_breaches_and_the_supervisor_decides(page, world, tmp_path):
    own = filed_breaches(world)
    resolution = tmp_path / "董事会决议.pdf"
    resolution.write_bytes(b"%PDF-1.4\n% board resolution\n")

    # The clerk finds the breaches waiting on the dashboard, opens the filing and reads the results.
    login(page, "qiyuan_clerk", f.PASSWORD)
    assert "待说明的违规事项" in page.text_content("main")
    page.goto(page.base + own.filing.get_absolute_url())
    text = page.text_content("main")
    assert "短期财务性投资" in text and "未达标" in text and "≤ 0.3" in text and "鲁金监发〔2020〕7号" in text
    assert "pc_short_term_max" not in text
    screenshot(page, "justification-filing-results")

    # First breach: justified with a file.
    page.get_by_role("link", name="说明", exact=True).and_(
        page.locator(f"a[href='/warnings/breaches/{own.short_term.pk}/']")
    ).click()
    page.wait_for_load_state("networkidle")
    assert f"/warnings/breaches/{own.short_term.pk}/" in page.url
    page.fill("textarea[name=text]", "一季度末临时购入国债逆回购6000万元，已于4月3日到期收回，见董事会决议。")
    page.set_input_files("input[type=file]", str(resolution))
    page.click("#justify button[type=submit]")
    page.wait_for_load_state("networkidle")
    main = page.text_content("main")
    assert "情况说明已提交监管员" in main and "等待监管员审核" in main and "董事会决议.pdf" in main
    screenshot(page, "justification-sent")

    # Second breach: justified without a file.
    page.goto(page.base + f"/warnings/breaches/{own.related_party.pk}/")
    page.fill("textarea[name=text]", "对关联企业的投资已经股东会批准。")
    page.click("#justify button[type=submit]")
    page.wait_for_load_state("networkidle")

    # The county's lead supervisor finds both waiting, accepts the first and rejects the second.
    page.context.clear_cookies()
    login(page, "lanshan_lead_supervisor", f.PASSWORD)
    page.click("text=待我审核的情况说明")
    page.wait_for_load_state("networkidle")
    table = page.text_content("#results")
    assert own.institution.name in table and "说明待审核" in table
    page.goto(page.base + f"/warnings/{own.short_term.pk}/")
    assert "国债逆回购" in page.text_content("#justification") and "董事会决议.pdf" in page.text_content(
        "#justification"
    )
    screenshot(page, "justification-waiting-for-the-supervisor")
    decide(page, own.short_term, JustificationStatus.JUSTIFIED, "已核对4月3日银行回单，属季末临时性投资。")
    assert "已认可情况说明" in page.text_content("main") and "说明已认可" in page.text_content("#justification")
    decide(
        page, own.related_party, JustificationStatus.REJECTED, "股东会批准不能突破注册资本10%的上限，请说明整改安排。"
    )
    assert "机构可以再次说明" in page.text_content("main")

    # The clerk reads why, under the office's name, and answers again.
    page.context.clear_cookies()
    login(page, "qiyuan_clerk", f.PASSWORD)
    page.goto(page.base + "/warnings/breaches/")
    page.click(f"a[href='/warnings/breaches/{own.related_party.pk}/']")
    page.wait_for_load_state("networkidle")
    main = page.text_content("main")
    assert "说明未获认可" in main and "请说明整改安排" in main and "兰山区" in main
    assert "lanshan_lead_supervisor" not in main
    page.fill("textarea[name=text]", "已于4月收回对关联企业的投资500万元，比例降至10%以内，附收款凭证。")
    page.click("#justify button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "justification-answered-again")

    # The supervisor accepts the second answer and finds the third breach a false alarm.
    page.context.clear_cookies()
    login(page, "lanshan_lead_supervisor", f.PASSWORD)
    decide(page, own.related_party, JustificationStatus.JUSTIFIED, "收款凭证已核实。")
    breaches = own.institution.warnings.filter(source=WarningSource.RULE_BREACH)
    third = breaches.exclude(pk__in=[own.short_term.pk, own.related_party.pk]).first()
    decide(page, third, JustificationStatus.FALSE_ALARM, "分母取值口径有误，规则误报。")
    assert "已标记为误报" in page.text_content("main")
    for warning in (own.short_term, own.related_party, third):
        warning.refresh_from_db()
        assert warning.status == WarningStatus.CLOSED
    assert third.justification_status == JustificationStatus.FALSE_ALARM

    page.goto(page.base + "/filings/rules/?kind=private_capital")
    row = page.locator("tr", has=page.locator('td[title="pc_short_term_max"]'))
    expect(row).to_contain_text("违规 1 项")
    row = row.text_content()
    assert "违规 1 项" in row and "已认可 1 项" in row and "误报 0 项" in row
    screenshot(page, "justification-rulebook-statistics")
