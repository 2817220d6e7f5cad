"""Issue 16 in a browser: an Excel upload with a figure that is not a number and a total that is
not the sum of its items reports both at once, each with its sheet and cell, and files nothing."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from finsup.reporting.models import Submission
from tests import factories as f
from tests.reporting.channels import SHEET, field_rows, fill
from tests.reporting.helpers import pc_figures

from .conftest import login, screenshot


@pytest.mark.browser
def test_an_upload_with_a_type_error_and_a_sum_error_reports_both_with_cells(page, world, tmp_path):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name="兰山区汇通民间资本管理股份有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    f.make_user("huitong_clerk", "institution", institution=inst)
    login(page, "huitong_clerk", f.PASSWORD)
    page.goto(page.base + "/filings/file/pc_quarterly/2026Q1/")
    expect(page.locator("h1")).to_contain_text("2026Q1")
    screenshot(page, "filing-form")
    with page.expect_download() as download:
        page.click("text=下载 Excel 模板")
    template = (tmp_path / "template.xlsx").resolve()
    download.value.save_as(template)

    rows = field_rows(load_workbook(io.BytesIO(template.read_bytes())))
    count_cell, total_cell = f"D{rows['new_investments_count']}", f"D{rows['funding_total_avg']}"
    figures = pc_figures(funding_total_avg="6000")  # the funding items add up to 5,000
    del figures["new_investments_count"]
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill(template.read_bytes(), figures, **{count_cell: "三笔"}))

    page.goto(page.base + "/filings/upload/")
    page.set_input_files("input[type=file]", str(filled))
    page.click("main form button[type=submit]")
    alert = page.locator("[role=alert]")
    expect(alert.locator("h2")).to_contain_text("2 处错误")
    table = alert.locator("table tbody")
    expect(table.locator("tr")).to_have_count(2)
    count_row = table.locator("tr", has_text=count_cell)
    expect(count_row).to_contain_text(SHEET)
    expect(count_row).to_contain_text("本季新增投资笔数")
    expect(count_row).to_contain_text("“三笔”不是有效的数字")
    total_row = table.locator("tr", has_text=total_cell)
    expect(total_row).to_contain_text(SHEET)
    expect(total_row).to_contain_text("各渠道融资合计应等于融资总量")
    expect(total_row).to_contain_text("“融资总量”填报为 6,000.00 万元，按其他各项计算应为 5,000.00 万元")
    expect(total_row).to_contain_text(f"银行融资（D{rows['bank_funding_avg']}）")
    screenshot(page, "excel-upload-errors")
    expect(page).to_have_url(re.compile(r"/filings/upload/$"))
    assert not Submission.objects.filter(institution=inst).exists()
