"""Issue 22 point 2 in a browser: the city's clerk asks the resident banks for last month's figures;
two banks' statistics clerks log in and answer (one is first refused: its non-performing loans
exceed its loans); the month's page sums them by county and charts them; the clerk drafts the
month's analysis, whose text carries the totals."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finsup.analysis.models import AnalysisMonth
from finsup.core import clock
from finsup.documents.models import OfficialDocument
from tests import factories as f
from tests.conftest import LANSHAN, LUOZHUANG

from .conftest import login, screenshot, switch_user


@pytest.mark.browser
def test_two_resident_banks_answer_the_monthly_survey_and_the_analysis_is_drafted(page, world):
    icbc = f.make_partner(LANSHAN, "bank", "工商银行兰山支行")
    rcb = f.make_partner(LUOZHUANG, "bank", "罗庄农商银行")
    f.make_user("icbc_stats", "partner", partner=icbc)
    f.make_user("rcb_stats", "partner", partner=rcb)
    today = clock.today()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    label = f"{last_month.year}年{last_month.month}月"

    login(page, "city_clerk", f.PASSWORD)
    page.goto(page.base + "/analysis/")
    form = page.locator("#open-month")
    form.locator("input[name=month]").fill(last_month.strftime("%Y-%m"))
    form.locator("input[name=deadline]").fill((today + datetime.timedelta(days=7)).isoformat())
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/analysis/\d+/$"))
    expect(page.locator("#returns")).to_contain_text("工商银行兰山支行")
    expect(page.locator("#returns")).to_contain_text("待报送")

    for username, figures in (
        ("icbc_stats", {"deposits": "5,000,000", "loans": "4000000", "loans_new": "120000", "npl": "4100000"}),
        ("rcb_stats", {"deposits": "3000000", "loans": "2500000", "loans_new": "80000", "npl": "50000"}),
    ):
        switch_user(page, username, f.PASSWORD)
        expect(page).to_have_url(re.compile(r"/surveys/$"))
        page.click("#received a")
        for fid, value in figures.items():
            page.fill(f"input[name=v_{fid}]", value)
        page.click("#submit-answer")
        if figures["npl"] == "4100000":  # more than its loans: refused, nothing saved
            expect(page.locator("#answer-form")).to_contain_text("不良贷款余额不能大于各项贷款余额")
            page.fill("input[name=v_npl]", "60000")
            page.click("#submit-answer")
        expect(page.locator("#request-state")).to_have_text("已报送")
        if username == "icbc_stats":
            screenshot(page, "analysis-01-bank-answered")

    switch_user(page, "city_clerk", f.PASSWORD)
    month = AnalysisMonth.objects.get()
    page.goto(f"{page.base}/analysis/{month.pk}/")
    expect(page.locator("h1")).to_contain_text(label)
    expect(page.locator("#headline")).to_contain_text("8,000,000.00")  # deposits, 万元
    expect(page.locator("#headline")).to_contain_text("1.69%")  # (60,000 + 50,000) / 6,500,000
    expect(page.locator("#by-county")).to_contain_text("兰山区")
    expect(page.locator("#chart-by-county[data-rendered='1'] canvas")).to_have_count(1)
    screenshot(page, "analysis-02-month-charted")

    page.click("#draft-analysis")
    expect(page.locator("h1")).to_contain_text(f"{label}全市金融运行情况分析")
    document = OfficialDocument.objects.get(kind="finance_analysis")
    text = "\n".join(document.context["sections"])
    assert "各项存款余额8,000,000.00万元" in text and "已报2家" in text
    screenshot(page, "analysis-03-drafted")

    page.goto(page.base + "/analysis/")
    expect(page.locator("#chart-over-time[data-rendered='1'] canvas")).to_have_count(1)
    expect(page.locator("#months")).to_contain_text("8,000,000.00")
