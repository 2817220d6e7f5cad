"""Database triggers that keep filed versions as they were filed (installed by migration 0005).

Every Submission row is a filed version: a correction is a new row, never an overwrite. The only
columns that legitimately change are the review status and its time (workflow.py). The triggers
refuse, on SQLite and PostgreSQL alike:
- an UPDATE that changes any other column (the figures, the period, the filer, who filed and when,
  the version chain);
- any UPDATE of a superseded version (its status is final, ALLOWED_TRANSITIONS);
- a DELETE.

`lifted` suspends the guard inside the current transaction only, for code that writes history on
purpose: the demo loader giving filings their planned dates, and tests that back-date a filing.
On PostgreSQL it is a transaction-local setting (the application role can neither drop nor alter
the trigger, bin/pg-roles); on SQLite the triggers are dropped and created again in the transaction.
Tests lift the guard (``remove``) only to flush between transactional tests.

Beware: on SQLite a later migration that rebuilds reporting_submission drops these triggers and
must install them again (tests/audit/test_guards_migrated.py notices).
"""

from __future__ import annotations

import contextlib

from django.db import transaction

TABLE = "reporting_submission"
STATUS_COLUMNS = ("status", "status_changed_at")
PROTECTED_COLUMNS = (
    "id",
    "institution_id",
    "office_id",
    "report_code",
    "report_version",
    "period_start",
    "period_end",
    "version",
    "supersedes_id",
    "correction_reason",
    "values",
    "channel",
    "submitted_by_id",
    "submitted_at",
)
TRIGGERS = {
    "sqlite": ("submission_filed_no_change", "submission_superseded_frozen", "submission_filed_no_delete"),
    "postgresql": ("submission_filed_guard",),
}
SETTING = "finsup.filing_guard"
OVERWRITE = "a filed version is never overwritten: only its review status changes"
FROZEN = "a superseded filing never changes"
DELETE = "filed versions are never deleted"


def _changed(old: str, new: str, *, operator: str) -> str:
    return " OR ".join(f'{new}."{c}" {operator} {old}."{c}"' for c in PROTECTED_COLUMNS)


SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS submission_filed_no_change BEFORE UPDATE ON {TABLE} "
    f"WHEN {_changed('OLD', 'NEW', operator='IS NOT')} "
    f"BEGIN SELECT RAISE(ABORT, '{OVERWRITE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS submission_superseded_frozen BEFORE UPDATE ON {TABLE} "
    f"WHEN OLD.status = 'superseded' BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS submission_filed_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{DELETE}'); END;",
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {name};" for name in TRIGGERS["sqlite"]]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION submission_filed_guard() RETURNS trigger AS $$
    BEGIN
      IF current_setting('{SETTING}', true) = 'lifted' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END IF;
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{DELETE}'; END IF;
      IF OLD.status = 'superseded' THEN RAISE EXCEPTION '{FROZEN}'; END IF;
      IF {_changed("OLD", "NEW", operator="IS DISTINCT FROM")} THEN RAISE EXCEPTION '{OVERWRITE}'; END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS submission_filed_guard ON {TABLE};",
    f"CREATE TRIGGER submission_filed_guard BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION submission_filed_guard();",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS submission_filed_guard ON {TABLE};",
    "DROP FUNCTION IF EXISTS submission_filed_guard();",
]

_SQL = {"sqlite": (SQLITE_INSTALL, SQLITE_REMOVE), "postgresql": (POSTGRES_INSTALL, POSTGRES_REMOVE)}


def install(connection) -> None:
    _run(connection, _SQL.get(connection.vendor, ([], []))[0])


def remove(connection) -> None:
    _run(connection, _SQL.get(connection.vendor, ([], []))[1])


@contextlib.contextmanager
def lifted(connection):
    """Filed versions may be changed inside the block. The block is a transaction (a savepoint
    inside one): however it ends, the guard is back in place, and no other session saw it lifted."""
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            _run(connection, [f"SELECT set_config('{SETTING}', 'lifted', true)"])
        else:
            remove(connection)
        yield  # an exception rolls the savepoint back, and the lifting with it
        if connection.vendor == "postgresql":
            _run(connection, [f"SELECT set_config('{SETTING}', '', true)"])
        else:
            install(connection)


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
