"""Issue 16 in a browser: the web form opens a quarter with last quarter's accepted closing balance,
marked as carried over and editable; the clerk saves a draft, finds it again from the filings list,
and files it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finsup.reporting import workflow
from finsup.reporting.models import FilingDraft, Submission
from tests import factories as f
from tests.reporting.helpers import Q1_2026, file_gs, gs_figures

from .conftest import login, screenshot


@pytest.mark.browser
def test_carried_over_opening_a_draft_and_filing_it(page, world):
    inst = f.make_institution(
        "371302", kind="guarantee", name="兰山区恒信融资担保有限公司", established_on=datetime.date(2016, 1, 1)
    )
    clerk = f.make_user("hengxin_clerk", "institution", institution=inst)
    q1 = file_gs(clerk, Q1_2026, start="100000", end="110000")
    workflow.submission_accept(submission=q1, by=world.lanshan["clerk"])

    login(page, "hengxin_clerk", f.PASSWORD)
    form_url = page.base + "/filings/file/gs_quarterly/2026Q2/"
    page.goto(form_url)
    opening = page.locator("#id_outstanding_start")
    expect(opening).to_have_value("110000")
    expect(opening).to_be_editable()
    field = page.locator(".field.carried")
    expect(field).to_have_count(1)
    expect(field).to_contain_text("上期结转")
    expect(field).to_contain_text("取自 2026Q1 的“期末在保余额”：110,000.00 万元，可修改。")
    screenshot(page, "filing-form-carried-over")

    page.fill("#id_issued_quarter", "15000")
    page.fill("#id_outstanding_clients", "一百二十")  # not a number: a draft keeps it as typed
    page.click("button[name=step][value=draft]")
    expect(page.locator(".draft-note")).to_contain_text("草稿不是报送")
    expect(page.locator("#id_outstanding_clients")).to_have_value("一百二十")
    assert not Submission.objects.filter(institution=inst, period_end=datetime.date(2026, 6, 30)).exists()
    screenshot(page, "filing-form-draft")

    page.goto(page.base + "/filings/?all=1")
    row = page.locator("tr", has_text="2026Q2")
    expect(row).to_contain_text("有草稿")
    row.get_by_role("link", name="继续填写草稿").click()
    expect(page).to_have_url(re.compile(r"/filings/file/gs_quarterly/2026Q2/$"))
    for field_id, value in gs_figures(start="110000", end="115000").items():
        page.fill(f"#id_{field_id}", value)
    page.click("main form button[type=submit]:not([name])")
    expect(page).to_have_url(re.compile(r"/filings/\d+/$"))
    assert not FilingDraft.objects.filter(institution=inst).exists()
