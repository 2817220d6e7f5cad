"""The audit table refuses UPDATE and DELETE at the database, on SQLite and PostgreSQL alike.

Beware: on SQLite, a later migration that alters audit_auditentry rebuilds the table and drops
these triggers; such a migration must install them again (tests/audit/test_chain.py notices)."""

from django.db import migrations


def install(apps, schema_editor):
    from finsup.audit import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from finsup.audit import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
