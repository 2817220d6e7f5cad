"""Every event and history table is append-only at the database (core/append_only_guard.py,
installed by each app's migration) and through the ORM (core/append_only.py), on SQLite and
PostgreSQL alike: raw SQL that bypasses the ORM may insert a row but neither update nor delete
one; a model's own save of an existing row and its delete raise, and so do a queryset's update
and delete. Each table gets one row of plain values (`row_of`), its parents made the same way."""

import datetime
import decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models, transaction

from finsup.accounts.models import Office, User
from finsup.core import append_only_guard
from finsup.institutions.models import Institution
from tests import factories as f
from tests.conftest import LANSHAN

TABLES = append_only_guard.tables()
MODELS = {m._meta.db_table: m for m in apps.get_models()}
AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

# A copy of a row must differ where the table wants rows to differ (SQL expressions).
UNIQUE_TWEAKS = {
    "archives_archiveentry": {
        "object_id": "object_id + 1000000000",
        "seq": "seq + 1000000",
        "number": "number || '-copy'",
    },
    "archives_archiveitem": {"position": "position + 1000000", "name": "name || '-copy'"},
    "accountability_caselink": {"object_id": "object_id + 1000000000"},
    "exchange_provincereceipt": {"export_id": '(SELECT MAX(id) FROM "exchange_provinceexport")'},
    "surveys_surveyanswer": {"version": "version + 1000"},
    "fundraising_weightset": {"version": "version + 1000"},
    "worklog_workrecord": {
        "period_start": {"sqlite": "date(period_start, '+999 days')", "postgresql": "period_start + 999"}
    },
    "governance_assessment": {"version": "version + 1000"},
    "qualifications_step": {"number": "number || '-copy'"},
    "inspections_findingescalation": {
        "level": "level + 1000",
        "on_date": {"sqlite": "date(on_date, '+999 days')", "postgresql": "on_date + 999"},
    },
}

# Parents whose check constraints want more than the first choice of each column.
FIELDS = {
    "accountability.accountabilitycase": lambda made: {"subject_kind": "office", "subject_office": row_of(Office)},
    "exchange.provincereceipt": lambda made: {"export": _export_and_a_spare(made)},
    "surveys.surveyrecipient": lambda made: {"office": row_of(Office)},
    "licensing.application": lambda made: {"type": "establish", "proposed_name": "拟设小额贷款公司"},
    "ratings.ratingcycle": lambda made: {"year": 2026},
    "fundraising.weightset": lambda made: {"version": 99},  # version 1 is the migration's
}


def _value(field):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return AT
    if isinstance(field, models.DateField):
        return AT.date()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.FileField):
        return "x.pdf"
    if isinstance(field, models.BinaryField):
        return b"1"
    return "1"[: field.max_length] if getattr(field, "max_length", None) else "1"


def row_of(model, made=None):
    """One row of `model`: every required column a plain value, every required parent a row of
    its own (the registry's, the offices' and the users' from the test factories)."""
    made = {} if made is None else made
    if model in made:
        return made[model]
    if model is Office:
        return Office.objects.get(code=LANSHAN)
    if model is User:
        made[model] = f.make_user("history_writer", "lead_supervisor", LANSHAN)
        return made[model]
    if model is Institution:
        made[model] = f.make_institution(LANSHAN)
        return made[model]
    if model is ContentType:
        return ContentType.objects.get_for_model(Office)
    values = FIELDS.get(model._meta.label_lower, lambda made: {})(made)
    for field in model._meta.concrete_fields:
        if field.name in values:
            continue
        if field.primary_key or field.null or field.has_default() or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            values[field.name] = row_of(field.related_model, made)
        else:
            values[field.name] = _value(field)
    made[model] = model._base_manager.create(**values)
    return made[model]


def _export_and_a_spare(made):
    """An export for the receipt, and a copy of it with no receipt yet (the highest id), which the
    receipt's copy receives: a receipt is one per export."""
    export = row_of(apps.get_model("exchange", "ProvinceExport"), made)
    table = export._meta.db_table
    columns = ", ".join(f'"{f.column}"' for f in export._meta.local_concrete_fields if not f.primary_key)
    raw(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{table}" WHERE id = %s', export.pk)
    return export


def raw(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: a refusal leaves the test usable
        cursor.execute(sql, params)
        return cursor.rowcount


def count(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        return cursor.fetchone()[0]


def test_only_the_tweaked_tables_have_unique_constraints():
    def unique(model):
        return [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)] or [
            f for f in model._meta.local_fields if f.unique and not f.primary_key
        ]

    assert {t for t in TABLES if unique(MODELS[t])} == set(UNIQUE_TWEAKS)


@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_may_insert_but_neither_update_nor_delete(db, table):
    pk = row_of(MODELS[table]).pk
    rows = count(table)  # the user made for a row has a password history of its own
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'UPDATE "{table}" SET id = id WHERE id = %s', pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'DELETE FROM "{table}" WHERE id = %s', pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f'DELETE FROM "{table}"')
    columns = [f.column for f in MODELS[table]._meta.local_concrete_fields if not f.primary_key]
    tweaks = UNIQUE_TWEAKS.get(table, {})
    values = [tweaks.get(c, f'"{c}"') for c in columns]
    values = ", ".join(v[connection.vendor] if isinstance(v, dict) else v for v in values)
    names = ", ".join(f'"{c}"' for c in columns)
    assert raw(f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" WHERE id = %s', pk) == 1
    assert count(table) == rows + 1


@pytest.mark.parametrize("table", TABLES)
def test_the_orm_may_neither_save_nor_delete_a_row(db, table):
    model = MODELS[table]
    row = model._base_manager.get(pk=row_of(model).pk)
    rows = count(table)
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model._base_manager.filter(pk=row.pk).update(id=row.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model._base_manager.filter(pk=row.pk).delete()
    assert count(table) == rows
