"""Issue 18, item 4 in a browser: the city's clerk defines a special survey on its page, saves the
draft and sends it; the institution's clerk answers it by web form (a wrong figure first: the error
by the item); the city reads the return and the totals."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.surveys.conftest import DEADLINE, clock_at, three  # noqa: F401 (fixtures)

from .conftest import login, screenshot, switch_user


@pytest.mark.browser
def test_define_send_and_answer_a_survey_by_web_form(page, three, clock_at):  # noqa: F811 (fixtures)
    w = three
    login(page, w.city["clerk"].username, f.PASSWORD)
    page.goto(page.base + "/surveys/")
    page.click("#new-survey")
    page.fill("input[name=title]", "小额贷款公司涉农贷款专项调查")
    page.fill("textarea[name=basis]", "《山东省地方金融条例》第三十八条；了解涉农贷款投放。")
    page.fill("input[name=deadline]", DEADLINE.isoformat())
    page.select_option("select[name=institutions]", [str(w.inst_lanshan.pk), str(w.inst_third.pk)])
    page.fill("input[name=f-0-id]", "loans_balance")
    page.fill("input[name=f-0-label_zh]", "贷款余额")
    page.fill("input[name=f-1-id]", "borrowers")
    page.fill("input[name=f-1-label_zh]", "借款户数")
    page.select_option("select[name=f-1-unit]", "count:clients")
    screenshot(page, "survey-define")
    page.click("#save-survey")
    expect(page).to_have_url(re.compile(r"/surveys/\d+/$"))
    expect(page.locator("h1")).to_contain_text("草稿")
    survey_url = page.url
    page.click("#send-survey")
    expect(page.locator("h1")).to_contain_text("已发出")
    screenshot(page, "survey-sent")

    switch_user(page, w.clerk_lanshan_inst.username, f.PASSWORD)
    page.goto(page.base + "/surveys/")
    page.click("#received a")
    page.fill("input[name=v_loans_balance]", "12,345.5")
    page.fill("input[name=v_borrowers]", "三百")
    page.click("#submit-answer")
    expect(page.locator("#answer-form .errorlist")).to_contain_text("借款户数")
    page.fill("input[name=v_borrowers]", "300")
    page.click("#submit-answer")
    expect(page.locator("#request-state")).to_have_text("已报送")
    expect(page.locator("#latest-answer")).to_contain_text("12,345.50 万元")
    screenshot(page, "survey-answered")

    switch_user(page, w.city["clerk"].username, f.PASSWORD)
    page.goto(survey_url)
    expect(page.locator("#totals")).to_contain_text("12,345.50 万元")
    expect(page.locator("#returns")).to_contain_text("待报送")
    screenshot(page, "survey-returns")
