"""Issue 22 point 3 in a browser: a city supervisor enters a company of Lanshan in the listing
reserve, moves it stage by stage to listed with its stock code and the amount raised, grants a
listing subsidy and records its payment (a payment above the grant is refused and writes nothing),
and drafts the office's opinion; the city's leader checks and signs it off in the register of
documents, which numbers it, and the company's page shows the number. Money reads in 万元."""

import re

import pytest
from playwright.sync_api import expect

from finsup.listing.models import SubsidyPayment
from tests import factories as f
from tests.listing.helpers import credit_code

from .conftest import login, screenshot, switch_user

SIGN_OFF_MS = 120_000  # the sign-off converts the PDF with LibreOffice
STEPS = [
    ("tutoring", "山东证监局辅导备案公告"),
    ("application", "深交所受理通知"),
    ("approved", "中国证监会同意注册的批复"),
]


@pytest.mark.browser
def test_a_company_moves_to_listed_with_a_subsidy_paid_and_an_opinion_signed(page, world):
    supervisor = world.city["lead_supervisor"]
    login(page, supervisor.username, f.PASSWORD)
    page.goto(page.base + "/listing/")
    expect(page.locator("h1")).to_have_text("企业上市")
    page.click("#new-company")
    form = page.locator("#company-form")
    form.locator("select[name=office]").select_option(str(f.office("371302").pk))
    form.locator("input[name=name]").fill("临沂智造科技股份有限公司")
    form.locator("input[name=credit_code]").fill(credit_code(11))
    form.locator("input[name=industry]").fill("高端装备制造")
    form.locator("select[name=board]").select_option("chinext")
    form.locator("input[name=sponsor]").fill("中泰证券股份有限公司")
    form.locator("input[name=evidence]").fill("列入市级上市后备资源库的通知")
    page.click("#register-company")
    expect(page).to_have_url(re.compile(r"/listing/\d+/$"))
    stage = page.locator("#company-stage")
    expect(stage).to_contain_text("培育")

    for value, evidence in STEPS:
        page.select_option("#stage-form select[name=to_stage]", value)
        page.fill("#stage-form input[name=evidence]", evidence)
        page.click("#record-stage")
        expect(page.locator("#stages")).to_contain_text(evidence)
    expect(stage).to_contain_text("核准/注册")

    # The office's opinion on the applicant, drafted before it lists.
    page.fill("#opinion-form textarea[name=facts]", "该公司近三年无重大违法违规记录。\n该公司依法纳税，无欠缴税款。")
    page.fill("#opinion-form textarea[name=opinion_text]", "同意该公司申请首次公开发行股票并在创业板上市。")
    page.click("#draft-opinion")
    opinions = page.locator("#opinion-list")
    expect(opinions).to_contain_text("关于临沂智造科技股份有限公司首次公开发行股票并在创业板上市的审核意见")
    expect(opinions).to_contain_text("草稿")
    company_url = page.url

    page.select_option("#stage-form select[name=to_stage]", "listed")
    page.fill("#stage-form input[name=evidence]", "首次公开发行股票并在创业板上市公告书")
    page.click("#record-stage")  # no stock code: refused
    expect(page.locator("#stage-form")).to_contain_text("请填写企业上市的股票代码")
    expect(stage).to_contain_text("核准/注册")
    page.fill("#stage-form input[name=stock_code]", "301234")
    page.fill("#stage-form input[name=ipo_amount]", "60000")
    page.click("#record-stage")
    expect(stage).to_contain_text("上市")
    expect(page.locator("#stock-code")).to_contain_text("301234")
    expect(page.locator("#stages")).to_contain_text("60,000.00 万元")

    page.fill("#subsidy-form input[name=basis]", "临沂市促进企业上市奖励办法 第五条")
    page.select_option("#subsidy-form select[name=for_stage]", "listed")
    page.fill("#subsidy-form input[name=amount]", "200")
    page.click("#grant-subsidy")
    card = page.locator("[id^=subsidy-]").first
    expect(card).to_contain_text("200.00 万元")
    card.locator("input[name$=amount]").fill("250")
    card.locator("input[name$=voucher]").fill("记-2026-0815")
    card.locator("button[type=submit]").click()  # more than granted: refused
    expect(page.locator("[id^=subsidy-]").first).to_contain_text("超过奖补余额")
    assert not SubsidyPayment.objects.exists()
    card = page.locator("[id^=subsidy-]").first
    card.locator("input[name$=amount]").fill("200")
    card.locator("input[name$=voucher]").fill("记-2026-0815")
    card.locator("button[type=submit]").click()
    expect(page.locator("#paid")).to_have_text("200.00")
    expect(page.locator(".payments")).to_contain_text("记-2026-0815")
    screenshot(page, "listing-01-company-listed")

    # The city's leader checks and signs off the opinion in the register of documents.
    switch_user(page, world.city["leader"].username, f.PASSWORD)
    page.goto(company_url)
    page.locator("#opinion-list a").first.click()
    page.click("#check-form button[type=submit]")
    expect(page.locator("#document-status")).to_have_text("已核稿")
    page.locator("#sign-off-form button[type=submit]").click()
    expect(page.locator("#document-status")).to_have_text("已签发", timeout=SIGN_OFF_MS)
    number = page.locator("#document-number")
    expect(number).to_contain_text(re.compile(r"函〔\d{4}〕1号"))
    page.goto(company_url)
    expect(page.locator("#opinion-list")).to_contain_text(re.compile(r"函〔\d{4}〕1号"))
    screenshot(page, "listing-02-opinion-signed")

    page.goto(page.base + "/listing/figures/")
    figures = page.locator("#figures")
    expect(figures).to_contain_text("兰山")
    expect(figures.locator("tfoot")).to_contain_text("60,000.00")
    screenshot(page, "listing-03-figures")
    page.goto(page.base + "/listing/")
    screenshot(page, "listing-04-reserve")
