"""Each audit entry names its hash algorithm (sha256 or sm3); every existing entry is sha256,
whose hash does not cover the name, so existing chains verify unchanged.

On SQLite adding a column with a default rebuilds the table, which drops the append-only
triggers: they are installed again here (0002 warns of it)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from finsup.audit import guards

    guards.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_alter_auditentry_channel")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="algorithm",
            field=models.CharField(default="sha256", max_length=10),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
