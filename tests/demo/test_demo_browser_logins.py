"""Every demo login listed in the README reaches its landing page in a real browser: its dashboard,
or for the oversight bodies (who have none) the accountability cases they may read, and for a resident
bank's user the surveys it answers. Over the package's one demo load (conftest.py), through a live server of its own."""

import pytest
from playwright.sync_api import expect

from finsup.accounts.choices import Role
from finsup.demo.logins import DEMO_LOGINS, PASSWORD
from tests.browser.conftest import login, switch_user


@pytest.mark.browser
def test_every_demo_login_reaches_its_landing_page(demo_browser, demo_server, loaded):
    context = demo_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = demo_server.url
    try:
        for number, entry in enumerate(DEMO_LOGINS):
            # Logging out ends the session on the server (clearing cookies is racy, tests/browser/conftest.py).
            (switch_user if number else login)(page, entry.username, PASSWORD)
            landing = {Role.OVERSIGHT: "/accountability/cases/", Role.PARTNER: "/surveys/"}.get(
                entry.role, "/dashboard/"
            )
            expect(page, entry.username).to_have_url(demo_server.url + landing)
            expect(page.locator("h1"), entry.username).not_to_be_empty()
    finally:
        context.close()
