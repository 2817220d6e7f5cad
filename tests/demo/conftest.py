"""The demo data set is loaded once for the whole package (it takes tens of seconds: every filing
goes through the services and the audit trail), committed, and flushed afterwards.

Committed rather than rolled back: `demo load` commits step by step like the services it calls
(one transaction for thousands of audit entries is slow on PostgreSQL, see demo/services.py).
Each test still runs in its own transaction (`db`), so what a test changes is rolled back."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from finsup.accounts.models import Office
from finsup.accounts.office_tree import ensure_office_tree
from tests.conftest import guards_off, guards_on


@pytest.fixture(scope="package")
def demo_output(django_db_setup, django_db_blocker):
    """The summary printed by `finsup demo load`, after loading into the test database."""
    with django_db_blocker.unblock():
        out = StringIO()
        try:
            call_command("demo", "load", stdout=out)
            yield out.getvalue()
        finally:
            # Back to the migrated state for the tests that follow: empty tables but the
            # office tree and every database guard.
            guards_off(connection)
            call_command("flush", interactive=False, verbosity=0)
            guards_on(connection)
            ensure_office_tree(Office)


@pytest.fixture
def loaded(demo_output, db):
    return demo_output
