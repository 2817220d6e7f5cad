"""Issue 18's acceptance in a browser: a county files its semi-annual supervision report drafted from
the platform's records of the half year (an on-site inspection with a finding), sent as an upward
document its lead supervisor checks and its leader signs off (the sign-off files it); the city
returns it with a reason; the county reads the reason, corrects and refiles (version 2); the city
accepts it; the filer keeps a printable receipt; a provincial user sees the city's consolidated
report. "Now" is fixed; the PDFs are a stand-in (the live server converts in this process)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finsup.core import clock
from finsup.documents.services import document_check, document_sign_off
from finsup.reporting import office_reports as svc
from finsup.reporting.choices import SubmissionStatus
from finsup.reporting.models import Submission
from finsup.reporting.office_drafting import drafted_values
from finsup.reporting.periods import Period
from tests import factories as f
from tests.factories import PASSWORD
from tests.inspections.helpers import to_rectification

from .conftest import login, screenshot, switch_user

NOW = datetime.datetime.fromisoformat("2026-07-10T10:00:00+08:00")  # 2026H1 is due 2026-07-20
IN_H1 = datetime.datetime.fromisoformat("2026-05-12T10:00:00+08:00")
H1 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def _plain_pdf(docs, **_):
    return [b"%PDF-1.4\n%stand-in\n" for _doc in docs]


@pytest.mark.browser
def test_a_county_files_is_returned_refiles_and_is_accepted_and_the_province_sees_the_city_report(
    page, world, monkeypatch
):
    monkeypatch.setattr("finsup.documents.pdf.docx_to_pdf_many", _plain_pdf)
    with clock.at(IN_H1):  # the half year's record: an inspection of the Lanshan company, one finding
        to_rectification(world.lanshan, world.inst_lanshan, sign=False)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    lanshan = world.lanshan["clerk"].office

    # The county's clerk opens the half year's form: drafted from the records.
    login(page, "lanshan_clerk", PASSWORD)
    page.goto(page.base + "/dashboard/")
    expect(page.get_by_text("本办应报的监管工作报告")).to_be_visible()
    page.goto(page.base + "/filings/office/")
    row = page.locator("#office-duties tbody tr", has_text="2026年上半年").filter(has_text="半年报告")
    row.get_by_role("link", name="起草并报送").click()
    expect(page).to_have_url(re.compile(r"/filings/office/county_semiannual/2026H1/$"))
    expect(page.locator("#id_onsite_inspections")).to_have_value("1")
    expect(page.locator("#id_microloan_count")).to_have_value("1")
    expect(page.locator("#id_summary_text")).to_contain_text("开展现场检查1次")
    expect(page.locator("#id_next_steps_text")).to_contain_text("督促机构完成尚未整改到位的1项问题")
    screenshot(page, "office-report-form")
    page.fill("#id_problems_text", "检查发现贷款分类不准确1项，已下达整改要求。")
    page.click("button[name=step][value=draft]")
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    expect(page.locator("#id_problems_text")).to_have_value("检查发现贷款分类不准确1项，已下达整改要求。")
    page.click("button[name=step][value=send]")
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("经核稿并由领导签发后即报送上级")
    document_url = page.url

    # Checked by the lead supervisor, signed off by the leader: numbered and filed.
    switch_user(page, "lanshan_lead_supervisor", PASSWORD)
    page.goto(document_url)
    page.click("#check-form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("已核稿，待领导签发。")
    switch_user(page, "lanshan_leader", PASSWORD)
    page.goto(document_url)
    page.click("#sign-off-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已签发，文号为")
    first = Submission.objects.get(office=lanshan, report_code="county_semiannual", version=1)
    assert first.status == SubmissionStatus.SUBMITTED and first.document.number

    # The filer sees the receipt on the filing's page, and prints it.
    switch_user(page, "lanshan_clerk", PASSWORD)
    page.goto(page.base + "/filings/office/")
    page.locator("#office-duties tbody tr", has_text="2026年上半年").filter(has_text="半年报告").get_by_role(
        "link", name="查看"
    ).click()
    expect(page.locator("#filing-status")).to_have_text("已报送，待上级审核")
    expect(page.locator("#receipt")).to_contain_text("回执编号371302-2026H1-1")
    expect(page.locator("#receipt")).to_contain_text("2026-07-10 10:00")
    screenshot(page, "office-report-filed")
    page.click("text=打印回执")
    expect(page.locator("#receipt-number")).to_have_text("371302-2026H1-1")
    expect(page.locator("#receipt")).to_contain_text(first.document.number)
    screenshot(page, "office-report-receipt")
    page.click("text=返回报告")

    # The city's lead supervisor finds it waiting and returns it with a reason.
    switch_user(page, "city_lead_supervisor", PASSWORD)
    page.goto(page.base + "/dashboard/")
    expect(page.get_by_text("下级金融办报送待审核的报告")).to_be_visible()
    page.goto(page.base + "/filings/office/")
    page.locator("#office-waiting a", has_text="县区金融办监管工作半年报告").click()
    expect(page.locator("#review")).to_be_visible()
    screenshot(page, "office-report-review")
    page.fill("#id_reason", "投诉举报办结情况未说明，请补充后重新报送。")
    page.click("#review button.danger")
    expect(page.locator(".messages")).to_contain_text("报告已连同退回理由退回")
    expect(page.locator("#filing-status")).to_have_text("已退回待更正")

    # The county reads the reason, corrects and refiles: version 2, through the same sign-off.
    switch_user(page, "lanshan_clerk", PASSWORD)
    page.goto(page.base + first.get_absolute_url())
    expect(page.locator("#filing-history")).to_contain_text("投诉举报办结情况未说明")
    page.click("text=修改后重新报送")
    expect(page.locator("#returned-reason")).to_contain_text("投诉举报办结情况未说明，请补充后重新报送。")
    page.fill("#id_problems_text", "检查发现贷款分类不准确1项，已下达整改要求。报告期内未受理投诉举报。")
    page.fill("#id_correction_reason", "按市金融办退回意见补充投诉举报办结情况")
    page.click("button[name=step][value=send]")
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    second_document = page.url
    assert second_document != document_url
    switch_user(page, "lanshan_lead_supervisor", PASSWORD)
    page.goto(second_document)
    page.click("#check-form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("已核稿，待领导签发。")
    switch_user(page, "lanshan_leader", PASSWORD)
    page.goto(second_document)
    page.click("#sign-off-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已签发，文号为")
    second = Submission.objects.get(office=lanshan, report_code="county_semiannual", version=2)
    first.refresh_from_db()
    assert (first.status, second.supersedes, second.status) == (
        SubmissionStatus.SUPERSEDED,
        first,
        SubmissionStatus.SUBMITTED,
    )

    # The city accepts version 2.
    switch_user(page, "city_lead_supervisor", PASSWORD)
    page.goto(page.base + "/filings/office/")
    page.locator("#office-waiting a", has_text="县区金融办监管工作半年报告").click()
    expect(page.locator("h1")).to_contain_text("2026年上半年")
    page.click("#review form[action$='/accept/'] button")
    expect(page.locator("#filing-status")).to_have_text("上级已受理")
    second.refresh_from_db()
    assert second.status == SubmissionStatus.ACCEPTED

    # The city's consolidated report, filed the same way, is seen by a provincial user.
    city = world.city["clerk"].office
    report = svc.office_report(city, "city_semiannual")
    values = drafted_values(report=report, office=city, period=H1)
    document = svc.office_report_send(
        by=world.city["clerk"], office=city, report_code="city_semiannual", period=H1, raw=values
    )
    document_check(document=document, by=world.city["lead_supervisor"])
    document_sign_off(document=document, by=world.city["leader"])
    f.make_user("prov_supervisor", "lead_supervisor", "370000")
    switch_user(page, "prov_supervisor", PASSWORD)
    page.goto(page.base + "/filings/office/")
    page.locator("#office-waiting a", has_text="市金融办地方金融监管工作半年报告").click()
    expect(page.locator("h1")).to_contain_text("市金融办地方金融监管工作半年报告")
    expect(page.locator("main")).to_contain_text("临沂市")
    expect(page.locator("#review")).to_be_visible()
    screenshot(page, "office-report-province")
