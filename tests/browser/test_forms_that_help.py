"""Issue 16's forms that help, as staff meet them: the interview form's pickers name office and role
and leave out the auditor and the oversight bodies; a proposal's legal basis and deadline reach the
leader's decision form; the timeline names and links the office's documents; the duty board shows
the period an inspection is owed for beside its due date. Screenshots in test-artifacts/forms-*."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finsup.documents import pdf
from tests import factories as f
from tests.inspections.helpers import to_rectification

from .conftest import login, screenshot, switch_user

BASIS = "《山东省地方金融条例》第四十四条"


@pytest.mark.browser
def test_staff_pickers_measure_proposal_timeline_and_duty_board(page, world, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(pdf, "docx_to_pdf_many", lambda docs, **_: [b"%PDF-1.4 fake\n" for _d in docs])
    inst = world.inst_lanshan
    to_rectification(world.lanshan, inst)  # notice, opinion letter, rectification notice

    # The interview form: who may lead, who may record, each with office and role.
    login(page, world.lanshan["lead_supervisor"].username, f.PASSWORD)
    page.goto(f"{page.base}/supervision/institutions/{inst.pk}/interviews/new/")
    leads = page.locator("select[name=lead_interviewer] option")
    texts = leads.all_inner_texts()
    assert any("（" in t and "检查人员" in t for t in texts)
    assert not any("审计" in t or "纪检" in t or "监督机关" in t for t in texts)
    page.evaluate("document.querySelectorAll('select').forEach(s => s.size = s.options.length)")
    screenshot(page, "forms-01-interview-pickers")

    # An inspector proposes a rectification order with basis and deadline.
    switch_user(page, world.lanshan["inspector"].username, f.PASSWORD)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page.goto(f"{page.base}/supervision/institutions/{inst.pk}/measures/new/")
    page.select_option("select[name=kind]", "rectification_order")
    page.fill("textarea[name=grounds]", "贷款五级分类不准确，拨备计提不足。")
    page.fill("textarea[name=basis]", BASIS)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.click("form.stacked button[type=submit]")
    expect(page.locator("#proposed-basis")).to_have_text(BASIS)
    expect(page.locator("#proposed-deadline")).to_have_text(deadline.isoformat())
    measure_url = page.url

    # The leader's decision form starts from the proposal.
    switch_user(page, world.lanshan["leader"].username, f.PASSWORD)
    page.goto(measure_url)
    expect(page.locator("textarea[name=basis]")).to_have_value(BASIS)
    expect(page.locator("input[name=deadline]")).to_have_value(deadline.isoformat())
    expect(page.locator("textarea[name=reasons]").first).to_have_value("贷款五级分类不准确，拨备计提不足。")
    screenshot(page, "forms-02-measure-decision-prefilled")

    # The timeline: the office's documents by title and number, linked to their files.
    page.goto(f"{page.base}/supervision/institutions/{inst.pk}/timeline/?kind=document")
    expect(page.locator("nav.tabs")).to_contain_text("监管文书")
    expect(page.locator("nav.tabs")).not_to_contain_text("申请材料")
    links = page.locator("tbody a[href*='/documents/']")
    expect(links.first).to_contain_text("〔")
    assert links.count() >= 3
    screenshot(page, "forms-03-timeline-documents")

    # The duty board: an overdue duty shows the missed period beside its due date.
    f.make_institution("371302", kind="private_capital", name="兰山民间资本管理公司")
    switch_user(page, world.city["leader"].username, f.PASSWORD)
    page.goto(f"{page.base}/inspections/duties/?as_of=2026-03-10")
    row = page.locator("#duties tr", has_text="兰山民间资本管理公司")
    expect(row.locator(".duty-period")).to_have_text("2025-01-01 – 2025-12-31")
    expect(row.locator(".duty-due")).to_have_text("2025-12-31")
    screenshot(page, "forms-04-duty-board")
