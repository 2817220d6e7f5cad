"""Issue 16 in a browser: the city confirms a page of accepted filings at once. The list says how
many wait, "select all on this page" ticks the page's rows, the button counts them, one click (and
the browser's confirmation) confirms them all, each with its audit entry, and the list says so."""

import datetime

import pytest
from playwright.sync_api import expect

from finsup.audit.models import AuditEntry
from finsup.reporting.models import Submission
from tests import factories as f
from tests.monitoring.factories import make_filing

from .conftest import login, screenshot


def _accepted_filings(world) -> list[Submission]:
    """26 accepted filings: one page of 25 and one more."""
    filings = []
    for institution in (world.inst_lanshan, world.inst_luozhuang):
        for month in range(1, 14):
            year, month = (2025, month) if month <= 12 else (2026, 1)
            filings.append(
                make_filing(
                    institution,
                    period_end=datetime.date(year, month, 28),
                    by=world.lanshan["clerk"],
                    report_code="ml_monthly_business",
                )
            )
    return filings


@pytest.mark.browser
def test_the_city_confirms_a_page_of_filings_at_once(page, world):
    filings = _accepted_filings(world)
    supervisor = world.city["lead_supervisor"]
    login(page, supervisor.username, f.PASSWORD)
    page.goto(page.base + "/filings/?status=accepted")
    main = page.locator("main")
    expect(main.locator(".list-total")).to_have_text("共 26 条")
    button = page.locator("[data-bulk-submit]")
    expect(button).to_be_disabled()
    screenshot(page, "bulk-confirm-before")

    page.locator("[data-check-all]").check()
    expect(button).to_be_enabled()
    expect(button).to_contain_text("确认所选 (25)")
    before = AuditEntry.objects.count()
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()

    expect(page.locator(".messages")).to_contain_text("已确认 25 件报送。")
    expect(main.locator(".list-total")).to_have_text("共 1 条")
    screenshot(page, "bulk-confirm-after")
    statuses = list(Submission.objects.filter(pk__in=[s.pk for s in filings]).values_list("status", flat=True))
    assert statuses.count("confirmed") == 25 and statuses.count("accepted") == 1
    assert AuditEntry.objects.count() - before == 25
