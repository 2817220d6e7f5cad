"""The inspection events, escalations and rectification decisions refuse UPDATE and DELETE at the
database, on SQLite and PostgreSQL alike (core/append_only_guard.py); the models already refuse them
through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_measure_fine")]
    operations = [
        append_only_guard.operation(
            "inspections_inspectionevent",
            "inspections_findingescalation",
            "inspections_rectificationdecision",
        )
    ]
