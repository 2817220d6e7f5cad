"""Issue 7, point 4 in a browser: the city's leader finds a filing reviewed late on the page of the
office's overdue duties, opens an accountability case from it, records a step and sends the case
to the procuratorate; the procuratorate's user accepts it and returns it with reasons; back at the
office the whole history is on the case page."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from playwright.sync_api import expect

from finsup.core import append_only_guard
from finsup.institutions.choices import InstitutionKind
from finsup.reporting import guards as filing_guards
from finsup.reporting import services as reporting_services
from finsup.reporting.models import Submission, SubmissionEvent
from tests import factories as f
from tests.reporting.helpers import Q1_2026, pc_figures

from .conftest import login, screenshot, switch_user


def _late_filing(world):
    inst = f.make_institution(
        "371302",
        kind=InstitutionKind.PRIVATE_CAPITAL,
        name="兰山区浏览器测试民间资本管理股份有限公司",
        approved_on=datetime.date(2018, 1, 1),
        lead_supervisor=world.lanshan["lead_supervisor"],
    )
    clerk = f.make_user("pc_browser", "institution", institution=inst)
    filing = reporting_services.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=pc_figures(), channel="web"
    )
    week = datetime.timedelta(days=8)  # the county's review is five days late on eight
    with filing_guards.lifted(connection):
        Submission.objects.filter(pk=filing.pk).update(submitted_at=F("submitted_at") - week)
    with append_only_guard.lifted(connection, SubmissionEvent._meta.db_table):
        SubmissionEvent.objects.filter(submission=filing).update(at=F("at") - week)
    return inst


@pytest.mark.browser
def test_a_case_opened_from_an_overdue_duty_goes_to_the_procuratorate_and_comes_back(page, world):
    inst = _late_filing(world)
    procuratorate = f.make_user("jianchayuan", "oversight", "371300", oversight_body="procuratorate")
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, world.city["leader"].username, f.PASSWORD)
    page.click("nav >> text=责任追究 >> nth=0")
    expect(page).to_have_url(re.compile(r"/accountability/$"))
    expect(page.locator("main")).to_contain_text(inst.name)
    screenshot(page, "accountability-01-overdue-duties")
    # The filing's row (the institution also has an overdue monthly inspection of its own row).
    page.locator("a[href*='source=reporting.submission']").first.click()

    expect(page).to_have_url(re.compile(r"/accountability/cases/new/\?"))
    expect(page.locator("main")).to_contain_text(f"{inst.name} · ")  # the filing the case is about
    page.check("input[name=subject_kind][value=staff]")
    page.select_option("select[name=subject_user]", str(world.lanshan["clerk"].pk))
    page.fill("input[name=title]", "报表审核逾期")
    page.fill("textarea[name=allegation]", "兰山区金融办收到季度报表后八日未审核。")
    expect(page.locator("input[name=items][value='24']")).to_be_checked()  # the item of the duty row
    page.click("#open-case")
    status = page.locator("#case-status")
    expect(status).to_have_text("已立案")

    page.select_option("select[name=step_kind]", "investigation")
    page.fill("textarea[name=text]", "调取报表审核记录，核实逾期八日。")
    page.click("text=记录步骤")
    expect(status).to_have_text("调查中")
    page.select_option("select[name=to_body]", "procuratorate")
    # no letter number to type: the transfer drafts its 移送函, numbered when a leader signs it off
    page.fill("textarea[name=reason]", "涉嫌玩忽职守，移送审查。")
    page.click("#send-transfer")
    expect(status).to_have_text("调查中 · 由人民检察院办理（已移送，待接收）")
    expect(page).to_have_url(re.compile(r"/accountability/cases/\d+/$"))
    case_url = page.url

    switch_user(page, procuratorate.username, f.PASSWORD)
    expect(page).to_have_url(re.compile(r"/accountability/cases/$"))  # no dashboard: its cases
    page.click("text=报表审核逾期")
    page.click("button[name=answer][value=accept]")
    expect(status).to_have_text("调查中 · 由人民检察院办理（已接收）")
    page.fill("#answer textarea[name=text]", "经审查不构成犯罪，退回金融办依纪处理。")
    page.click("button[name=answer][value=return]")
    expect(status).to_have_text("调查中")
    screenshot(page, "accountability-02-returned-by-the-procuratorate")

    switch_user(page, world.city["leader"].username, f.PASSWORD)
    page.goto(case_url)
    linked = page.locator("dt:text-is('关联记录') + dd")
    expect(linked).to_have_text(f"{inst.name} · 民间资本管理机构季度监管报表 · 2026-03-31 · v1")
    history = page.locator("#history")
    for text in ("立案", "关联记录", "调查步骤", "移送", "接收移送", "退回移送", "经审查不构成犯罪"):
        expect(history).to_contain_text(text)
    transfers = page.locator("#transfers")
    expect(transfers).to_contain_text("待签发 责任追究案件移送函")  # the letter waits for the leader's sign-off
    expect(transfers).to_contain_text("已退回")
    expect(page.locator("#send-transfer")).to_be_visible()  # back with the office: it may send it again
    screenshot(page, "accountability-03-history-at-the-office")
