"""The demo data set is loaded once per database, for the whole package (it takes tens of seconds:
every filing goes through the services and the audit trail), committed, and flushed afterwards.
Every test that needs the demo lives in this package, the browser walk through the demo logins too.

Committed rather than rolled back: `demo load` commits step by step like the services it calls
(one transaction for thousands of audit entries is slow on PostgreSQL, see demo/services.py).
Each test still runs in its own transaction (`db`), so what a test changes is rolled back; what the
browser test's server writes on PostgreSQL (sessions, login entries of the audit trail) is committed
and stays until the flush, so tests of what the load wrote look at the entries up to `Demo.head`."""

import datetime
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from finsup.audit.models import AuditEntry
from tests.browser.conftest import chromium
from tests.conftest import ensure_reference_data, guards_off, guards_on

# The demo's day in these tests: fixed, so they never depend on the real clock.
AS_OF = datetime.date(2026, 10, 31)


@dataclass(frozen=True)
class Demo:
    output: str  # the summary printed by `finsup demo load`
    head: int  # the last audit entry the load wrote


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """`finsup demo load` into the test database, once for the package."""
    with django_db_blocker.unblock():
        out = StringIO()
        try:
            call_command("demo", "load", "--as-of", AS_OF.isoformat(), stdout=out)
            yield Demo(output=out.getvalue(), head=AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[0])
        finally:
            # Back to the migrated state for the tests that follow: empty tables but the
            # reference data (office tree, first weights) and every database guard.
            guards_off(connection)
            call_command("flush", interactive=False, verbosity=0)
            guards_on(connection)
            ensure_reference_data()


@pytest.fixture
def loaded(demo, db):
    """The demo's summary, in a test transaction over the loaded data."""
    return demo.output


@pytest.fixture
def loaded_entries(demo, db):
    """The audit entries the demo load wrote (not those of a browser test's logins)."""
    return AuditEntry.objects.filter(seq__lte=demo.head)


@pytest.fixture(scope="package")
def demo_server(demo):
    """A live server over the loaded demo, without pytest-django's `live_server`: that one makes
    its tests transactional, and their flush would empty the demo for the rest of the package.
    On SQLite (in memory) the server shares the test's connection, so what it writes is rolled back
    with the test; on PostgreSQL it has its own connection and sees the committed demo."""
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def demo_browser():
    """A Chromium for this test only: the session's (tests/browser) would keep Playwright's event
    loop running in this thread through every test that follows."""
    with chromium() as browser:
        yield browser
