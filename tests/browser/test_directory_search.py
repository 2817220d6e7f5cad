"""Issue 16: "is company X licensed?" is the question a citizen comes with. In a browser, the public
directory answers it as the name is typed (HTMX), and a name it does not know points to the report form."""

import pytest
from playwright.sync_api import expect

from finsup.institutions.choices import InstitutionKind
from tests import factories as f

from .conftest import screenshot


@pytest.mark.browser
def test_a_citizen_finds_a_licensed_company_by_name(page, db):
    fumin = f.make_institution("371302", name="临沂市兰山区富民农村小额贷款股份有限公司")
    other = f.make_institution("371311", name="临沂市罗庄区华信融资担保有限公司", kind=InstitutionKind.GUARANTEE)
    page.goto(page.base + "/")
    page.click("nav.portal-nav >> a[href='/directory/']")
    rows = page.locator("table.portal-directory tbody tr")
    expect(rows).to_have_count(2)

    page.fill("input[name=q]", "富民")  # typed, not submitted: the list follows
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(fumin.name)
    expect(rows.first).to_contain_text("营业")
    assert "q=" in page.url  # the answer can be bookmarked and shared
    screenshot(page, "directory-01-found-by-name")

    page.fill("input[name=q]", "鑫盛财富")
    expect(page.locator("#directory-results")).to_contain_text("未找到名称含“鑫盛财富”的持牌机构")
    page.click("#directory-results >> text=我要举报")
    expect(page.locator("h1")).to_contain_text("投诉")
    # The report form's own requests (its captcha) end before the database is flushed: on SQLite the
    # live server shares the test's connection, and a row written during the flush failed its commit.
    page.wait_for_load_state("networkidle")
    assert other.name  # the other county's company was listed before the search narrowed it
