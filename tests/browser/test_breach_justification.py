"""Issue 12 in a browser: a private-capital company's clerk opens its accepted filing, reads the rules
it breached and justifies two breaches (one with a file); the county's lead supervisor finds them
waiting, accepts one and rejects the other; the clerk answers again and the supervisor accepts;
a third breach is found a false alarm, and the rulebook counts them per rule."""

import re

import pytest
from playwright.sync_api import expect

from finsup.monitoring.choices import JustificationStatus, WarningSource, WarningStatus
from tests import factories as f
from tests.monitoring.breach_helpers import filed_breaches

from .conftest import login, screenshot, switch_user


def decide(page, warning, decision: str, reason: str, done: str) -> None:
    """Decides on a breach's justification and waits for the page to say `done`."""
    page.goto(page.base + f"/warnings/{warning.pk}/")
    page.fill("textarea[name=justification-reason]", reason)
    page.click(f"button[name=justification-decision][value={decision}]")
    expect(page.locator(".messages")).to_have_text(done)


def justify(page, text: str) -> None:
    """Sends a justification from the breach's page and waits for the page to say it was sent."""
    page.fill("textarea[name=text]", text)
    page.click("#justify button[type=submit]")
    expect(page.locator(".messages")).to_have_text("情况说明已提交监管员。")


@pytest.mark.browser
def test_an_institution_justifies_its_breaches_and_the_supervisor_decides(page, world, tmp_path):
    own = filed_breaches(world)
    resolution = tmp_path / "董事会决议.pdf"
    resolution.write_bytes(b"%PDF-1.4\n% board resolution\n")

    # The clerk finds the breaches waiting on the dashboard, opens the filing and reads the results.
    login(page, "qiyuan_clerk", f.PASSWORD)
    expect(page.locator("main")).to_contain_text("待说明的违规事项")
    page.goto(page.base + own.filing.get_absolute_url())
    main = page.locator("main")
    for text in ("短期财务性投资", "未达标", "≤ 30%", "鲁金监发〔2020〕7号"):
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text("pc_short_term_max")
    screenshot(page, "justification-filing-results")

    # First breach: justified with a file.
    page.get_by_role("link", name="说明", exact=True).and_(
        page.locator(f"a[href='/warnings/breaches/{own.short_term.pk}/']")
    ).click()
    expect(page).to_have_url(re.compile(rf"/warnings/breaches/{own.short_term.pk}/$"))
    page.set_input_files("input[type=file]", str(resolution))
    justify(page, "一季度末临时购入国债逆回购6000万元，已于4月3日到期收回，见董事会决议。")
    expect(main).to_contain_text("情况说明已提交，等待监管员审核。")
    expect(main).to_contain_text("董事会决议.pdf")
    screenshot(page, "justification-sent")

    # Second breach: justified without a file.
    page.goto(page.base + f"/warnings/breaches/{own.related_party.pk}/")
    justify(page, "对关联企业的投资已经股东会批准。")

    # The county's lead supervisor finds both waiting, accepts the first and rejects the second.
    switch_user(page, "lanshan_lead_supervisor", f.PASSWORD)
    page.click("text=待我审核的情况说明")
    expect(page).to_have_url(re.compile(r"/warnings/\?answer=waiting&"))
    table = page.locator("#results")
    expect(table).to_contain_text(own.institution.name)
    expect(table).to_contain_text("说明待审核")
    page.goto(page.base + f"/warnings/{own.short_term.pk}/")
    justification = page.locator("#justification")
    expect(justification).to_contain_text("国债逆回购")
    expect(justification).to_contain_text("董事会决议.pdf")
    screenshot(page, "justification-waiting-for-the-supervisor")
    decide(
        page,
        own.short_term,
        JustificationStatus.JUSTIFIED,
        "已核对4月3日银行回单，属季末临时性投资。",
        "已认可情况说明。",
    )
    expect(page.locator("#justification h2 .jstatus")).to_have_text("说明已认可")
    decide(
        page,
        own.related_party,
        JustificationStatus.REJECTED,
        "股东会批准不能突破注册资本10%的上限，请说明整改安排。",
        "已不予认可，机构可以再次说明。",
    )

    # The clerk reads why, under the office's name, and answers again.
    switch_user(page, "qiyuan_clerk", f.PASSWORD)
    page.goto(page.base + "/warnings/breaches/")
    page.click(f"a[href='/warnings/breaches/{own.related_party.pk}/']")
    expect(page).to_have_url(re.compile(rf"/warnings/breaches/{own.related_party.pk}/$"))
    for text in ("说明未获认可", "请说明整改安排", "兰山区"):
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text("lanshan_lead_supervisor")
    justify(page, "已于4月收回对关联企业的投资500万元，比例降至10%以内，附收款凭证。")
    screenshot(page, "justification-answered-again")

    # The supervisor accepts the second answer and finds the third breach a false alarm.
    switch_user(page, "lanshan_lead_supervisor", f.PASSWORD)
    decide(page, own.related_party, JustificationStatus.JUSTIFIED, "收款凭证已核实。", "已认可情况说明。")
    breaches = own.institution.warnings.filter(source=WarningSource.RULE_BREACH)
    third = breaches.exclude(pk__in=[own.short_term.pk, own.related_party.pk]).first()
    decide(page, third, JustificationStatus.FALSE_ALARM, "分母取值口径有误，规则误报。", "已标记为误报。")
    for warning in (own.short_term, own.related_party, third):
        warning.refresh_from_db()
        assert warning.status == WarningStatus.CLOSED
    assert third.justification_status == JustificationStatus.FALSE_ALARM

    # The rulebook is paged (15 rules a page): the rule's page is the one whose row carries its id.
    row = page.locator("tr", has=page.locator('td[data-rule-id="pc_short_term_max"]'))
    for number in range(1, 4):
        page.goto(page.base + f"/filings/rules/?kind=private_capital&page={number}")
        if row.count():
            break
    for text in ("违规 1 项", "已认可 1 项", "误报 0 项"):
        expect(row).to_contain_text(text)
    screenshot(page, "justification-rulebook-statistics")
