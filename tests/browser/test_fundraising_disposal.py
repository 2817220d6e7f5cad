"""Issue 21's acceptance in a browser: a tip-off of illegal fundraising becomes a suspected entity,
is verified, determined and referred to the police with its 移送书 (drafted by the step, signed off
by the county's leader); the police's acceptance, recorded with its number, closes the matter. The
entity's index lists the promised return the tip-off states, with the tip-off as its source."""

import re

import pytest
from playwright.sync_api import expect

from finsup.complaints.services import complaint_file
from finsup.documents.models import OfficialDocument
from finsup.documents.services import document_check, document_sign_off
from finsup.fundraising.models import SuspectEntity
from tests import factories as f

from .conftest import login, screenshot


@pytest.mark.browser
def test_a_tip_off_is_verified_determined_referred_and_accepted(page, world):
    complaint = complaint_file(
        data={
            "kind": "tip_off",
            "subject": "有人在小区推销高息理财",
            "description": "临沂某某财富管理有限公司在小区摆摊，称保本保息、月息2分，拉老人投资。",
            "respondent_name": "临沂某某财富管理有限公司",
            "anonymous": True,
        }
    )
    assert complaint.illegal_fundraising
    handler = world.city["lead_supervisor"]
    login(page, handler.username, f.PASSWORD)
    page.goto(f"{page.base}/handling/complaints/{complaint.pk}/")
    page.click("#register-fundraising")
    expect(page.locator("#source")).to_contain_text("月息2分")
    page.select_option("select[name=office]", str(f.office("371302").pk))
    page.fill("textarea[name=people]", "王某某")
    page.click("#register")

    expect(page).to_have_url(re.compile(r"/fundraising/\d+/$"))
    status = page.locator("#entity-status")
    expect(status).to_have_text("待核查")
    contributions = page.locator("#contributions")
    expect(contributions).to_contain_text("“月息2分”：年化 24.00%，法定上限 12.00%")
    expect(contributions).to_contain_text("举报 ")
    screenshot(page, "fundraising-01-registered-from-a-tip-off")

    page.fill("#step-form textarea[name=text]", "实地核查：该公司无金融业务许可，已向60余名群众吸收资金约300万元。")
    page.click("#record-step")
    expect(status).to_have_text("已核查，待认定")
    page.select_option("#step-form select[name=outcome]", "police_referral")
    page.fill("#step-form input[name=legal_basis]", "《防范和处置非法集资条例》第二条、第二十一条")
    page.fill("#step-form textarea[name=text]", "认定为非法集资，涉嫌非法吸收公众存款罪，移送公安机关。")
    page.click("#record-step")
    expect(status).to_contain_text("处置中")
    expect(page.locator("#entity-next")).to_contain_text("移送公安机关")
    page.fill("#step-form textarea[name=materials]", "群众报案笔录（12份）")
    page.fill("#step-form textarea[name=text]", "经负责人批准，移送公安机关。")
    page.click("#record-step")
    expect(status).to_contain_text("已移送公安机关，待受理")
    paper_link = page.locator(".referral-paper")
    expect(paper_link).to_contain_text("涉嫌犯罪案件移送书")
    expect(page.locator("#steps")).to_contain_text("主送：临沂市公安局兰山分局")

    # The police's answer cannot come before the 移送书 is signed off: refused, nothing changes.
    page.select_option("#step-form select[name=answer]", "accepted")
    page.fill("#step-form input[name=reference]", "临公兰（经）受案字〔2026〕18号")
    page.fill("#step-form textarea[name=text]", "公安机关已受理。")
    page.click("#record-step")
    expect(page.locator("#step-form")).to_contain_text("移送书尚未签发")
    expect(status).to_contain_text("已移送公安机关，待受理")

    entity = SuspectEntity.objects.get()
    paper = OfficialDocument.objects.get(kind="police_referral")
    document_check(document=paper, by=world.lanshan["lead_supervisor"])
    document_sign_off(document=paper, by=world.lanshan["leader"])

    page.goto(f"{page.base}/fundraising/{entity.pk}/")
    expect(page.locator(".referral-paper").locator("xpath=..")).to_contain_text("已签发")
    page.select_option("#step-form select[name=answer]", "accepted")
    page.fill("#step-form input[name=reference]", "临公兰（经）受案字〔2026〕18号")
    page.fill("#step-form textarea[name=text]", "公安机关已受理并立案侦查。")
    page.click("#record-step")
    expect(status).to_contain_text("已办结")
    expect(page.locator("#steps")).to_contain_text("已受理并立案 · 临公兰（经）受案字〔2026〕18号")
    expect(page.locator("#step-form")).to_have_count(0)
    screenshot(page, "fundraising-02-referral-accepted")

    page.goto(f"{page.base}/fundraising/")
    expect(page.locator("#entities")).to_contain_text("临沂某某财富管理有限公司")
    screenshot(page, "fundraising-03-register")
