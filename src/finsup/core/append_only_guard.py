"""Database triggers that refuse UPDATE and DELETE on a history table, on SQLite and PostgreSQL.

The ORM refusal (`append_only.AppendOnly`) stops a model's own save and delete; these triggers
stop everything else: a queryset's update() or delete(), bulk_update, a cascade, raw SQL. Every
concrete AppendOnly model is guarded: its app's migration installs the triggers (`operation`),
and `tables()` is the one list of guarded tables (tests/audit/test_guards_migrated.py checks
that every one has its triggers after `migrate`).

`lifted` suspends the guard of some tables inside the current transaction only, for code that
writes history on purpose: the demo loader giving events their planned dates, and tests that
back-date a record. Tests lift the guard (`remove_all`) only to flush between transactional tests.

Beware: on SQLite a later migration that rebuilds a guarded table (AlterField, AddField with a
default...) drops its triggers and must install them again (the test above notices).
"""

from __future__ import annotations

import contextlib

from django.db import migrations, transaction

MESSAGE = "rows of {table} are append-only: never updated or deleted"
FUNCTION = "finsup_append_only"
SETTING = "finsup.append_only_lifted"

_FUNCTION_SQL = f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = ANY(string_to_array(current_setting('{SETTING}', true), ',')) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'rows of % are append-only: never updated or deleted (% refused)', TG_TABLE_NAME, TG_OP;
END; $$ LANGUAGE plpgsql;"""


def tables() -> list[str]:
    """Every guarded table: those of the concrete AppendOnly models, sorted."""
    from django.apps import apps

    from .append_only import AppendOnly

    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnly) and not m._meta.proxy)


def trigger_names(vendor: str, table: str) -> tuple[str, ...]:
    if vendor == "postgresql":
        return (f"{table}_append_only",)
    return (f"{table}_no_update", f"{table}_no_delete")


def install(connection, *tables_: str) -> None:
    if connection.vendor == "postgresql":
        statements = [_FUNCTION_SQL]
        for table in tables_:
            name = trigger_names("postgresql", table)[0]
            statements += [
                f'DROP TRIGGER IF EXISTS {name} ON "{table}";',
                f'CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();",
            ]
    elif connection.vendor == "sqlite":
        statements = []
        for table in tables_:
            no_update, no_delete = trigger_names("sqlite", table)
            refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(table=table)}'); END;"
            statements += [
                f'CREATE TRIGGER IF NOT EXISTS {no_update} BEFORE UPDATE ON "{table}" {refuse}',
                f'CREATE TRIGGER IF NOT EXISTS {no_delete} BEFORE DELETE ON "{table}" {refuse}',
            ]
    else:
        statements = []
    _run(connection, statements)


def remove(connection, *tables_: str) -> None:
    """Drops the triggers of these tables. On PostgreSQL the shared function stays: other tables
    may use it, and it refuses nothing by itself."""
    if connection.vendor == "postgresql":
        statements = [f'DROP TRIGGER IF EXISTS {trigger_names("postgresql", t)[0]} ON "{t}";' for t in tables_]
    elif connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name};" for t in tables_ for name in trigger_names("sqlite", t)]
    else:
        statements = []
    _run(connection, statements)


def install_all(connection) -> None:
    """Installs the guard of every table that lacks it (one query when none does)."""
    present = _triggers(connection)
    missing = [t for t in tables() if not set(trigger_names(connection.vendor, t)) <= present]
    if missing:
        install(connection, *missing)


def remove_all(connection) -> None:
    remove(connection, *tables())


@contextlib.contextmanager
def lifted(connection, *tables_: str):
    """Rows of these tables may be changed inside the block. The block is a transaction (a
    savepoint inside one): however it ends, the guard is back, and no other session saw it lifted.
    On PostgreSQL it is a transaction-local setting; on SQLite the triggers are dropped and
    created again inside the transaction."""
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            _run(connection, [f"SELECT set_config('{SETTING}', '{','.join(tables_)}', true)"])
        else:
            remove(connection, *tables_)
        yield  # an exception rolls the savepoint back, and the lifting with it
        if connection.vendor == "postgresql":
            _run(connection, [f"SELECT set_config('{SETTING}', '', true)"])
        else:
            install(connection, *tables_)


def operation(*tables_: str) -> migrations.RunPython:
    """The migration step that guards these tables (and, reversed, lifts the guard)."""

    def forward(apps, schema_editor):
        install(schema_editor.connection, *tables_)

    def backward(apps, schema_editor):
        remove(schema_editor.connection, *tables_)

    return migrations.RunPython(forward, backward)


def _triggers(connection) -> set[str]:
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
    }.get(connection.vendor)
    if sql is None:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
