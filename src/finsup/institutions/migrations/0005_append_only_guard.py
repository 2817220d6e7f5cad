"""The status history refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL alike
(core/append_only_guard.py); the models already refuse them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("institutions", "0004_shareholder_groups_online_lending")]
    operations = [append_only_guard.operation("institutions_statuschange")]
