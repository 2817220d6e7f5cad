"""Issue 17's acceptance in a browser: an inspection's opinion letter from draft to check (核稿) by the
county's lead supervisor, sign-off (签发) by the county's leader, delivery in the platform and the
institution's acknowledgement of receipt (签收). The inspector's attempt to sign off is refused with
the service's message and changes nothing. The PDF is converted by LibreOffice, once."""

import re

import pytest
from playwright.sync_api import expect

from finsup.documents.choices import DocumentStatus
from finsup.documents.models import DocumentDelivery, OfficialDocument
from finsup.inspections.models import IssuedDocument
from tests.factories import PASSWORD
from tests.inspections.helpers import to_rectification

from .conftest import login, screenshot, switch_user

SIGN_OFF_MS = 120_000  # the sign-off converts the PDF with LibreOffice


def as_user(page, username):
    switch_user(page, username, PASSWORD)


def post_from_page(page, action: str) -> None:
    """What a user does who sends the step's form without its button (an old tab, a crafted
    request): a form with the page's CSRF token posted to `action`."""
    page.evaluate(
        """(action) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.createElement("input");
            token.type = "hidden";
            token.name = "csrfmiddlewaretoken";
            token.value = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            form.appendChild(token);
            document.body.appendChild(form);
            form.submit();
        }""",
        action,
    )


@pytest.mark.browser
def test_an_opinion_letter_is_checked_signed_off_delivered_and_acknowledged(page, world):
    inst = world.inst_lanshan
    inspection = to_rectification(world.lanshan, inst, sign=False)
    letter = OfficialDocument.objects.get(
        pk=IssuedDocument.objects.get(inspection=inspection, kind="opinion_letter").document_id
    )
    assert letter.status == DocumentStatus.DRAFT and letter.created_by == world.lanshan["inspector"]
    detail = f"{page.base}/documents/{letter.pk}/"

    # The inspector who drafted it finds it in the register, awaiting its check; no step is theirs.
    login(page, "lanshan_inspector", PASSWORD)
    page.goto(page.base + "/documents/")
    row = page.locator("#register tbody tr", has_text="现场检查意见书")
    expect(row).to_contain_text("草稿")
    expect(row).to_contain_text(inspection.title)
    page.goto(detail)
    expect(page.locator("#document-status")).to_have_text("草稿")
    expect(page.locator("#check-form")).to_have_count(0)
    expect(page.locator("#document-next")).to_contain_text("非拟稿人的主监管员或领导核稿")

    # The county's lead supervisor checks it from the list of what awaits their check.
    as_user(page, "lanshan_lead_supervisor")
    page.goto(page.base + "/dashboard/")
    expect(page.get_by_text("待您核稿的公文")).to_be_visible()
    page.goto(page.base + "/documents/?awaiting=check")
    page.click(f"#register a[href='/documents/{letter.pk}/'] >> nth=0")
    expect(page).to_have_url(re.compile(rf"/documents/{letter.pk}/$"))
    page.click("#check-form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("已核稿，待领导签发。")
    expect(page.locator("#document-checked")).to_contain_text(str(world.lanshan["lead_supervisor"]))

    # The inspector tries to sign it off: refused with the service's message, nothing changes.
    as_user(page, "lanshan_inspector")
    page.goto(detail)
    expect(page.locator("#sign-off-form")).to_have_count(0)
    post_from_page(page, f"/documents/{letter.pk}/sign-off/")
    expect(page.locator("#refusal")).to_have_text("只有发文机关的领导可以签发公文。")
    expect(page.locator("#document-status")).to_have_text("已核稿")
    expect(page.locator("#document-number")).to_have_text("签发时编号")
    letter.refresh_from_db()
    assert (letter.status, letter.number, letter.finalised_at) == (DocumentStatus.CHECKED, "", None)
    assert not DocumentDelivery.objects.exists()
    screenshot(page, "document-sign-off-refused")

    # The county's leader signs it off: numbered, dated, PDF, delivered to the institution.
    as_user(page, "lanshan_leader")
    page.goto(page.base + "/documents/?awaiting=sign_off")
    page.click(f"#register a[href='/documents/{letter.pk}/'] >> nth=0")
    page.click("#sign-off-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已签发，文号为", timeout=SIGN_OFF_MS)
    letter.refresh_from_db()
    assert letter.status == DocumentStatus.FINAL and letter.finalised_by == world.lanshan["leader"]
    expect(page.locator("#document-number")).to_have_text(letter.number)
    expect(page.locator("#deliveries")).to_contain_text("待签收")
    pdf = page.request.get(f"{page.base}/documents/{letter.pk}/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert IssuedDocument.objects.get(document_id=letter.pk).number == letter.number

    # The institution's user finds it delivered and acknowledges receipt, once.
    as_user(page, "inst_lanshan")
    page.goto(page.base + "/dashboard/")
    expect(page.get_by_text("待签收的送达公文")).to_be_visible()
    page.goto(page.base + "/documents/")
    expect(page.locator("#register tbody tr")).to_have_count(1)  # never a draft, only what was delivered
    page.click(f"#register a[href='/documents/{letter.pk}/'] >> nth=0")
    page.click("#acknowledge-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("签收")
    expect(page.locator("#acknowledge-form")).to_have_count(0)
    delivery = DocumentDelivery.objects.get(document=letter)
    assert delivery.acknowledged_by == world.clerk_lanshan_inst and delivery.acknowledged_at is not None

    # The office sees the acknowledgement on the document's page and in the register.
    as_user(page, "lanshan_leader")
    page.goto(detail)
    expect(page.locator("#deliveries .acknowledgement")).to_contain_text(str(world.clerk_lanshan_inst))
    screenshot(page, "document-page")
    page.goto(page.base + "/documents/")
    expect(page.locator("#register tbody tr", has_text=letter.number)).to_contain_text("已签收")
    screenshot(page, "document-register")
