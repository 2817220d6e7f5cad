"""The incident models now belong to the incidents app (incidents 0001): they leave this app's
migration state only; their tables, rows and append-only triggers stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_append_only_guard"),
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="IncidentLink"),
                migrations.DeleteModel(name="IncidentLogEntry"),
                migrations.DeleteModel(name="Incident"),
            ],
            database_operations=[],
        ),
    ]
