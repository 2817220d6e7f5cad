"""Every demo login listed in the README reaches its landing page in a real browser: its dashboard,
or for the oversight bodies (who have none) the accountability cases they may read."""

import pytest
from django.core.management import call_command

from finsup.accounts.choices import Role
from finsup.demo.logins import DEMO_LOGINS, PASSWORD

from .conftest import login


@pytest.mark.browser
def test_every_demo_login_reaches_its_dashboard(page, transactional_db):
    call_command("demo", "load", verbosity=0)
    for entry in DEMO_LOGINS:
        username = entry.username
        page.context.clear_cookies()
        login(page, username, PASSWORD)
        landing = "/accountability/cases/" if entry.role == Role.OVERSIGHT else "/dashboard/"
        assert page.url.endswith(landing), username
        assert page.text_content("h1").strip(), username
