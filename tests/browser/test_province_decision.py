"""Issue 18, the registry following licensing, in a browser: the province's leader approves a
forwarded establishment on the application's page; the decision shows on the application, and the
new institution's page shows which decision entered what in the registry."""

import datetime

import pytest
from playwright.sync_api import expect

from finsup.institutions.choices import InstitutionKind
from finsup.institutions.models import Institution
from finsup.licensing import services
from finsup.licensing.choices import ApplicationStatus as S
from finsup.licensing.choices import ApplicationType
from tests import factories as f
from tests.licensing.helpers import establishment_values, pdf

from .conftest import login, screenshot

# The day the province decides (10:00 in Linyi), fixed: the live server runs in the test's process.
NOW = datetime.datetime(2026, 9, 15, 2, 0, tzinfo=datetime.UTC)


@pytest.mark.browser
def test_the_province_approves_an_establishment_into_the_registry(page, world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    f.make_user("sheng_leader", "leader", "370000")
    app = services.application_file(
        by=world.lanshan["clerk"],
        type=ApplicationType.ESTABLISH,
        county=f.office("371302"),
        proposed_name="临沂市兰山区沂河小额贷款股份有限公司",
        proposed_kind=InstitutionKind.MICROLOAN,
        proposed_values=establishment_values(),
        description="发起人申请设立小额贷款公司，注册资本10,000万元。",
        documents=[("可行性研究报告", pdf())],
    )
    services.application_step(by=world.lanshan["clerk"], application=app, to_status=S.COUNTY_PASSED, reason="齐全")
    services.application_step(by=world.city["clerk"], application=app, to_status=S.CITY_PASSED, reason="符合条件")
    services.application_step(by=world.city["leader"], application=app, to_status=S.FORWARDED, reason="报省审批")

    login(page, "sheng_leader", f.PASSWORD)
    page.goto(f"{page.base}/licensing/{app.pk}/")
    expect(page.locator("#province-deciding h2")).to_have_text("省级决定")
    page.fill("textarea[name=reason]", "经审查，符合《山东省地方金融条例》规定的设立条件，同意设立。")
    page.fill("input[name=effective_on]", "2026-09-15")
    page.fill("input[name=decision_doc_no]", "鲁金监许〔2026〕12号")
    screenshot(page, "province-decision-form")
    page.click("#province-deciding button[value=approved]")
    expect(page.locator("#province-decision")).to_contain_text("鲁金监许〔2026〕12号")
    screenshot(page, "province-decision-made")

    inst = Institution.objects.get(name="临沂市兰山区沂河小额贷款股份有限公司")
    page.click("#province-decision a[href$='?tab=decisions']")
    rows = page.locator("#decision-changes tbody tr")
    expect(rows).to_have_count(5)  # the institution, two shareholders, two executives
    expect(page.locator("#decision-changes")).to_contain_text("持股 60.00%")
    expect(page.locator(f"#decision-changes a[href='/licensing/{app.pk}/']").first).to_be_visible()
    assert inst.shareholders.count() == 2 and inst.key_persons.count() == 2
    screenshot(page, "institution-decisions")
