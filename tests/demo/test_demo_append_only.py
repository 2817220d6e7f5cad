"""Every event and history table is append-only at the database (core/append_only_guard.py,
installed by each app's migration) and through the ORM (core/append_only.py), on SQLite and
PostgreSQL alike. The demo fills every one of them through the services, so each table has rows
to try: raw SQL that bypasses the ORM may insert a row but neither update nor delete one, and a
model's own save of an existing row and its delete raise."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction

from finsup.core import append_only_guard

TABLES = append_only_guard.tables()
MODELS = {m._meta.db_table: m for m in apps.get_models()}

# A copy of a row must differ where the table wants rows to differ (SQL expressions).
UNIQUE_TWEAKS = {
    "accountability_caselink": {"object_id": "object_id + 1000000000"},
    "inspections_findingescalation": {
        "level": "level + 1000",
        "on_date": {"sqlite": "date(on_date, '+999 days')", "postgresql": "on_date + 999"},
    },
}


def raw(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: the refusal leaves the test usable
        cursor.execute(sql, params)
        return cursor.rowcount


def first_id(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MIN(id) FROM "{table}"')
        return cursor.fetchone()[0]


def test_the_demo_fills_every_guarded_table(loaded):
    assert not [t for t in TABLES if first_id(t) is None]


def test_only_the_tweaked_tables_have_unique_constraints(loaded):
    def unique(model):
        return [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)] or [
            f for f in model._meta.local_fields if f.unique and not f.primary_key
        ]

    assert {t for t in TABLES if unique(MODELS[t])} == set(UNIQUE_TWEAKS)


@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_may_insert_but_neither_update_nor_delete(loaded, table):
    pk = first_id(table)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'UPDATE "{table}" SET id = id WHERE id = %s', pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'DELETE FROM "{table}" WHERE id = %s', pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'DELETE FROM "{table}"')
    assert first_id(table) == pk
    columns = [f.column for f in MODELS[table]._meta.local_concrete_fields if not f.primary_key]
    tweaks = UNIQUE_TWEAKS.get(table, {})
    values = [tweaks.get(c, f'"{c}"') for c in columns]
    values = ", ".join(v[connection.vendor] if isinstance(v, dict) else v for v in values)
    names = ", ".join(f'"{c}"' for c in columns)
    assert raw(f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" WHERE id = %s', pk) == 1
    assert first_id(table) == pk


@pytest.mark.parametrize("table", TABLES)
def test_the_orm_may_neither_save_nor_delete_a_row(loaded, table):
    model = MODELS[table]
    row = model._base_manager.get(pk=first_id(table))
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model._base_manager.filter(pk=row.pk).update(id=row.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model._base_manager.filter(pk=row.pk).delete()
