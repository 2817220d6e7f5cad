"""A partner's major matters refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL alike
(core/append_only_guard.py): a later development is a new entry; the model refuses them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [append_only_guard.operation("partners_majormatter")]
