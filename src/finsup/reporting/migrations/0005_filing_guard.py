"""Filed versions are never overwritten nor deleted: triggers on reporting_submission let only the
review status and its time change (reporting/guards.py), on SQLite and PostgreSQL alike."""

from django.db import migrations


def install(apps, schema_editor):
    from finsup.reporting import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from finsup.reporting import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_rule_result_stage")]
    operations = [migrations.RunPython(install, remove)]
