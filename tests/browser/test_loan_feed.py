"""Issue 4 in a browser: a microloan company's clerk uploads a loan file with a bad row and reads the
Chinese report, then the corrected file is imported; the county's lead supervisor opens the company's
loan-level monitoring page, with its rule results, warnings and charts."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finsup.loans.evaluation import loans_evaluate
from tests import factories as f
from tests.loans.factories import write_csv
from tests.loans.feed_helpers import AS_OF, own_rows

from .conftest import login, screenshot, switch_user


@pytest.fixture
def loan_dirs(settings, tmp_path):
    settings.FINSUP_LOAN_STORE = tmp_path / "loan-store"
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


def upload(page, path) -> None:
    page.goto(page.base + "/loans/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/loans/batches/\d+/$"))


@pytest.mark.browser
def test_a_clerk_uploads_loans_and_the_supervisor_monitors_them(page, world, loan_dirs, monkeypatch):
    # The platform's clock (the live server runs in this process): the upload evaluates the loans
    # as of the day of the test's loan book, at 10:00 in Linyi, whatever day the suite runs.
    fixed = datetime.datetime.combine(AS_OF, datetime.time(2, 0), tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)
    supervisor = world.lanshan["lead_supervisor"]
    inst = f.make_institution("371302", name="临沂市兰山区汇通小额贷款有限公司", lead_supervisor=supervisor)
    f.make_user("huitong_clerk", "institution", institution=inst)
    rows = own_rows(inst, n=200)

    # The clerk finds the page in the menu, with the contract to download.
    login(page, "huitong_clerk", f.PASSWORD)
    page.click("nav.sidenav >> text=逐笔贷款数据")
    page.click("text=上传逐笔贷款数据")
    expect(page).to_have_url(re.compile(r"/loans/upload/$"))
    main = page.locator("main")
    expect(main).to_contain_text("逐笔贷款数据规范 v1")
    expect(main).to_contain_text(inst.credit_code)
    screenshot(page, "loans-upload-form")

    # A file with a bad row: nothing is imported, the report names the row and column in Chinese.
    bad = [dict(r) for r in rows]
    bad[4]["due_date"] = "2025-02-30"
    bad[6]["outstanding"] = str(int(float(bad[6]["principal"])) + 1) + ".00"
    upload(page, write_csv(loan_dirs / "贷款明细-有误.csv", bad))
    expect(main).to_contain_text("整批未导入：请更正下列各行后重新上传整个文件。")
    table = page.locator("main table")
    expect(table).to_contain_text("到期日")
    expect(table).to_contain_text("贷款余额")
    assert not [r["borrower_id"] for r in rows if r["borrower_id"] in page.content()]
    screenshot(page, "loans-batch-rejected")

    # The corrected file is imported and evaluated.
    upload(page, write_csv(loan_dirs / "贷款明细.csv", rows))
    expect(main).to_contain_text("导入 200 行")
    screenshot(page, "loans-batch-imported")

    # A few evaluation days of history, as the daily job would have left them.
    for month in range(3, 13):
        day = datetime.date(2025, month, 28)
        loans_evaluate(as_of=day, institutions=[inst])

    # The county's lead supervisor opens the company's loan-level monitoring from the registry record.
    switch_user(page, "lanshan_lead_supervisor", f.PASSWORD)
    page.goto(page.base + inst.get_absolute_url())
    page.click("text=逐笔贷款监测")
    expect(page).to_have_url(re.compile(rf"/loans/companies/{inst.pk}/$"))
    for text in ("借款人不在批准的经营区域内", "未达标", "L00000003"):
        expect(main).to_contain_text(text)
    page.wait_for_selector("[data-loan-chart=book] canvas")
    page.wait_for_selector("[data-loan-chart=hits] canvas")
    page.wait_for_selector("[data-indicator] canvas")
    screenshot(page, "loans-company-monitoring")

    page.click("text=查看全部")
    expect(page).to_have_url(re.compile(rf"/loans/companies/{inst.pk}/rules/[\w-]+/\?day={AS_OF.isoformat()}$"))
    expect(main).to_contain_text("L0000")
    screenshot(page, "loans-rule-loans")

    # The batches of the county, with the rejected one and the imported one.
    page.click("nav.sidenav >> text=逐笔贷款数据")
    expect(page).to_have_url(re.compile(r"/loans/$"))
    results = page.locator("#results")
    for text in ("贷款明细-有误.csv", "未导入", inst.name):
        expect(results).to_contain_text(text)
    screenshot(page, "loans-batch-list")
