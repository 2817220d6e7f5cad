"""Issue 18, exchange with the province, in a browser: the city's clerk exports the consolidated
filings of 2026H1 and a county's own report, downloads the file (the bytes whose SHA-256 the page
shows) and records the province's receipt; the list shows each export's receipt state."""

import hashlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finsup.exchange.models import ProvinceExport
from tests import factories as f
from tests.exchange.helpers import errors, half_year_filings, office_report_filing

from .conftest import login, screenshot


@pytest.mark.browser
def test_the_city_exports_for_the_province_and_records_the_receipt(page, world):
    half_year_filings(world)
    office_report_filing(world)
    login(page, "city_clerk", f.PASSWORD)
    page.goto(page.base + "/exchange/")
    expect(page.locator("h1")).to_have_text("省级数据报送")
    consolidated = page.locator("form.exchange-form").nth(0)
    consolidated.locator("select[name=office]").select_option("371300")
    consolidated.locator("select[name=period]").select_option("2026H1")
    consolidated.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已导出 371300_consolidated-filings_2026H1_v1.json")
    page.locator("form.exchange-form").nth(2).locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("371302_office-report_county_semiannual_2026H1_r1_v1.json")

    export = ProvinceExport.objects.get(kind="consolidated-filings")
    with page.expect_download() as download:
        page.click(f"#export-{export.pk} a")
    content = open(download.value.path(), "rb").read()
    assert hashlib.sha256(content).hexdigest() == export.sha256 and errors("consolidated-filings", content) == []

    row = page.locator(f"#export-{export.pk}")
    row.locator("summary").click()
    row.locator("input[name=number]").fill("鲁金数回〔2026〕15号")
    row.locator("input[name=received_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    row.locator("select[name=outcome]").select_option("accepted")
    row.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_have_text("回执 鲁金数回〔2026〕15号 已登记。")
    expect(page.locator(f"#export-{export.pk}")).to_contain_text("省级已接收")
    expect(page.locator("#exports")).to_contain_text("待省级回执")  # the office report's
    screenshot(page, "exchange-exports")
    page.locator("#exports summary").first.click()
    screenshot(page, "exchange-receipt-form")
