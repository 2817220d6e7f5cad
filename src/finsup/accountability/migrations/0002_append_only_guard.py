"""The case history and its linked records refuse UPDATE and DELETE at the database, on SQLite and
PostgreSQL alike (core/append_only_guard.py); the models already refuse them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial")]
    operations = [
        append_only_guard.operation(
            "accountability_caseevent",
            "accountability_caselink",
        )
    ]
