"""The kernel's append-only guard on a table of the test's own (core/append_only_guard.py), on
SQLite and PostgreSQL alike: UPDATE and DELETE refused with the table's name, INSERT free, the
guard removable, and lifted for one block only. tests/demo/test_demo_append_only.py tries it on
every event and history table of the platform."""

import pytest
from django.db import DatabaseError, connection, transaction

from finsup.core import append_only_guard as guard

TABLE = "test_guarded_history"
pytestmark = pytest.mark.django_db


def sql(statement, *params):
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: a refusal leaves the test usable
        cursor.execute(statement, params)
        return cursor.fetchall() if statement.startswith("SELECT") else cursor.rowcount


@pytest.fixture
def history():
    """A guarded table with one row; created inside the test's transaction, gone with it."""
    sql(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, note VARCHAR(20))")
    sql(f"INSERT INTO {TABLE} (id, note) VALUES (1, 'first')")
    guard.install(connection, TABLE)
    return TABLE


def notes():
    return [row[0] for row in sql(f"SELECT note FROM {TABLE} ORDER BY id")]


def test_update_and_delete_are_refused_with_the_tables_name_insert_is_not(history):
    for statement in (f"UPDATE {TABLE} SET note = 'changed'", f"DELETE FROM {TABLE} WHERE id = 1"):
        with pytest.raises(DatabaseError, match=f"rows of {TABLE} are append-only"):
            sql(statement)
    assert sql(f"INSERT INTO {TABLE} (id, note) VALUES (2, 'second')") == 1
    assert notes() == ["first", "second"]


def test_installing_twice_is_harmless_and_removing_lifts_the_guard(history):
    guard.install(connection, TABLE)
    assert set(guard.trigger_names(connection.vendor, TABLE)) <= guard._triggers(connection)
    guard.remove(connection, TABLE)
    assert not set(guard.trigger_names(connection.vendor, TABLE)) & guard._triggers(connection)
    assert sql(f"UPDATE {TABLE} SET note = 'changed'") == 1
    assert notes() == ["changed"]


def test_lifting_lasts_for_its_block_and_for_the_named_tables_only(history):
    with guard.lifted(connection, guard.tables()[0]), pytest.raises(DatabaseError, match="append-only"):
        sql(f"UPDATE {TABLE} SET note = 'changed'")
    with guard.lifted(connection, TABLE):
        sql(f"UPDATE {TABLE} SET note = 'back-dated'")
    assert notes() == ["back-dated"]
    with pytest.raises(RuntimeError), guard.lifted(connection, TABLE):
        sql(f"UPDATE {TABLE} SET note = 'rolled back'")
        raise RuntimeError("the block fails")
    assert notes() == ["back-dated"]
    with pytest.raises(DatabaseError, match="append-only"):
        sql(f"DELETE FROM {TABLE}")


def test_every_append_only_model_is_guarded_and_installing_all_restores_a_missing_guard(db):
    table = guard.tables()[0]
    guard.remove(connection, table)
    guard.install_all(connection)
    assert set(guard.trigger_names(connection.vendor, table)) <= guard._triggers(connection)
