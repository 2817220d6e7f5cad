"""Every demo login listed in the README reaches its dashboard in a real browser."""

import pytest
from django.core.management import call_command

from finsup.demo.logins import DEMO_LOGINS, PASSWORD

from .conftest import login


@pytest.mark.browser
def test_every_demo_login_reaches_its_dashboard(page, transactional_db):
    call_command("demo", "load", verbosity=0)
    for entry in DEMO_LOGINS:
        username = entry[0]
        page.context.clear_cookies()
        login(page, username, PASSWORD)
        assert page.url.endswith("/dashboard/"), username
        assert page.text_content("h1").strip(), username
