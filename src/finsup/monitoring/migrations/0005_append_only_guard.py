"""The warning and justification steps refuse UPDATE and DELETE at the database, on SQLite and
PostgreSQL alike (core/append_only_guard.py); the models already refuse them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_breach_justification")]
    operations = [
        append_only_guard.operation(
            "monitoring_warningevent",
            "monitoring_justificationevent",
        )
    ]
