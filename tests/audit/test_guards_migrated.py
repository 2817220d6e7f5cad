"""The database guards are the migrations' work, on the database in use: the triggers are read
right after `migrate` built the test database (tests/conftest.py, django_db_setup), before the
per-test fixture installs the guards again (which it does only because a transactional test's
flush must lift them). tests/audit/test_pg_roles.py checks the same on a database migrated
as the migration role of a production install."""

from django.db import connection

from finsup.core import append_only_guard
from finsup.reporting import guards as filing_guards
from tests.conftest import MIGRATED_TRIGGERS

AUDIT = {"sqlite": {"audit_entry_no_update", "audit_entry_no_delete"}, "postgresql": {"audit_entry_no_change"}}


def test_the_migrations_install_the_audit_and_the_filing_guards(db):
    expected = AUDIT[connection.vendor] | set(filing_guards.TRIGGERS[connection.vendor])
    assert expected <= MIGRATED_TRIGGERS, f"missing after migrate: {sorted(expected - MIGRATED_TRIGGERS)}"


def test_the_migrations_guard_every_event_and_history_table(db):
    """Every AppendOnly model's table, as the last migration left it: a model made AppendOnly
    without its migration, or a later migration that rebuilt the table on SQLite, fails here."""
    expected = {n for t in append_only_guard.tables() for n in append_only_guard.trigger_names(connection.vendor, t)}
    assert expected <= MIGRATED_TRIGGERS, f"missing after migrate: {sorted(expected - MIGRATED_TRIGGERS)}"


def test_the_guarded_tables_are_the_event_and_history_tables(db):
    assert append_only_guard.tables() == [
        "accountability_caseevent",
        "accountability_caselink",
        "accounts_passwordhistory",
        "complaints_complaintnote",
        "complaints_complaintreferral",
        "complaints_complaintstep",
        "complaints_incidentlogentry",
        "inspections_findingescalation",
        "inspections_inspectionevent",
        "inspections_rectificationdecision",
        "institutions_statuschange",
        "licensing_applicationevent",
        "licensing_fitandproperdecision",
        "monitoring_justificationevent",
        "monitoring_warningevent",
        "ratings_ratingevent",
        "reporting_submissionevent",
    ]
