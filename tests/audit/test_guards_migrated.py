"""The database guards are the migrations' work, on the database in use: the triggers are read
right after `migrate` built the test database (tests/conftest.py, django_db_setup), before the
per-test fixture installs the guards again (which it does only because a transactional test's
flush must lift them). tests/audit/test_pg_roles.py checks the same on a database migrated
as the migration role of a production install."""

from django.db import connection

from finsup.reporting import guards as filing_guards
from tests.conftest import MIGRATED_TRIGGERS

AUDIT = {"sqlite": {"audit_entry_no_update", "audit_entry_no_delete"}, "postgresql": {"audit_entry_no_change"}}


def test_the_migrations_install_the_audit_and_the_filing_guards(db):
    expected = AUDIT[connection.vendor] | set(filing_guards.TRIGGERS[connection.vendor])
    assert expected <= MIGRATED_TRIGGERS, f"missing after migrate: {sorted(expected - MIGRATED_TRIGGERS)}"
