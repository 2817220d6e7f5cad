"""Issue 16: one search box for staff. Typed into the header on any page, it finds an institution by
part of its name and an official document by its number (文号), only what the user may open, and
each result opens its page; Enter gives the whole results page (no JavaScript needed)."""

import re

import pytest
from playwright.sync_api import expect

from finsup.documents import services as documents
from finsup.documents.choices import DocumentKind
from tests import factories as f
from tests.documents.conftest import _media, fake_pdf  # noqa: F401 (fixtures)
from tests.documents.issuing import signed_off
from tests.documents.samples import SAMPLES

from .conftest import login, screenshot


@pytest.mark.browser
def test_the_search_box_finds_an_institution_by_part_of_its_name_and_a_document_by_its_number(
    page,
    world,
    fake_pdf,  # noqa: F811
):
    fumin = f.make_institution("371302", name="临沂市兰山区富民农村小额贷款股份有限公司")
    f.make_institution("371311", name="临沂市罗庄区富民融资担保有限公司", kind="guarantee")  # another county's
    draft = documents.document_draft(
        kind=DocumentKind.INSPECTION_NOTICE,
        office=f.office("371302"),
        institution=fumin,
        context=SAMPLES[DocumentKind.INSPECTION_NOTICE],
        by=world.lanshan["inspector"],
    )
    notice = signed_off(draft, by=world.lanshan["leader"])

    login(page, world.lanshan["lead_supervisor"].username, f.PASSWORD)
    box, panel = page.locator("#site-search-q"), page.locator("#site-search-results")
    page.wait_for_load_state("load")  # HTMX listens from then on: typing before it is not searched as typed
    box.fill("富民")  # typed, not submitted: the results follow
    expect(panel.locator("[data-kind=institutions] li")).to_have_count(1)
    expect(panel).to_contain_text(fumin.name)
    expect(panel).not_to_contain_text("罗庄区富民")
    screenshot(page, "search-01-institution-as-typed")
    box.press("Escape")  # closes the results
    expect(panel.locator("li")).to_have_count(0)
    box.fill("富民农村")
    expect(panel.locator("[data-kind=institutions] li")).to_have_count(1)
    panel.locator(f"a[href='/institutions/{fumin.pk}/']").click()
    expect(page.locator("h1")).to_contain_text(fumin.name)
    expect(page.locator("nav.breadcrumbs")).to_contain_text("工作台")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("机构")
    screenshot(page, "search-02-institution-page-with-breadcrumbs")

    # The number as typed on an ordinary keyboard, square brackets for 〔〕
    page.wait_for_load_state("load")
    page.locator("#site-search-q").fill(notice.number.replace("〔", "[").replace("〕", "]"))
    documents_found = page.locator("#site-search-results [data-kind=documents] li")
    expect(documents_found).to_have_count(1)
    expect(documents_found).to_contain_text(notice.number)
    expect(documents_found.locator("a")).to_have_attribute("href", f"/documents/{notice.pk}/")
    screenshot(page, "search-03-document-by-number")

    page.locator("#site-search-q").press("Enter")  # the whole page, as without JavaScript
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("#search-results [data-kind=documents]")).to_contain_text(notice.number)
    screenshot(page, "search-04-results-page")
