"""Issue 3 in a browser: an institution's clerk downloads the Excel template, fills it with a
breach and uploads it; the county's lead supervisor accepts the filing and finds the warning."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.reporting.channels import fill
from tests.reporting.helpers import pc_figures

from .conftest import login, screenshot, switch_user


@pytest.mark.browser
def test_excel_filing_with_a_breach_is_accepted_and_warned(page, world, tmp_path):
    supervisor = world.lanshan["lead_supervisor"]
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name="兰山区启元民间资本管理股份有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
        lead_supervisor=supervisor,
        lead_supervisor_filed_on=datetime.date(2018, 2, 1),
    )
    f.make_user("qiyuan_clerk", "institution", institution=inst)

    # The clerk downloads the pre-filled template from the filing page.
    login(page, "qiyuan_clerk", f.PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.goto(page.base + "/filings/file/pc_quarterly/2026Q1/")
    with page.expect_download() as download:
        page.click("text=下载 Excel 模板")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    # Short-term investment 6,000 of (10,000 + 5,000) = 40 % > 30 %: a breach of pc_short_term_max.
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(
        fill(template.read_bytes(), pc_figures(short_term_investment_avg="6000", investment_total="14000"))
    )
    page.goto(page.base + "/filings/upload/")
    page.set_input_files("input[type=file]", str(filled))
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/filings/\d+/$"))
    expect(page.locator("h1 .badge")).to_have_text("已报送")
    filing_url = page.url

    # The county's lead supervisor accepts it; the rulebook runs and the breach is shown with its basis.
    switch_user(page, "lanshan_lead_supervisor", f.PASSWORD)
    page.goto(filing_url)
    page.click("form[action$='/accept/'] button")
    expect(page.locator("h1 .badge")).to_have_text("县区金融办已审核")
    results = page.locator("body")
    expect(results).to_contain_text("pc_short_term_max")
    expect(results).to_contain_text("未达标")
    screenshot(page, "filing-accepted-with-breach")

    # The warning is in the supervisor's list, assigned to them.
    page.goto(page.base + "/warnings/?mine=true")
    table = page.locator("#results")
    expect(table).to_contain_text(inst.name)
    expect(table).to_contain_text("短期财务性投资")
    screenshot(page, "warnings-after-acceptance")
