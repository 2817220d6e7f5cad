"""The rating events refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL alike
(core/append_only_guard.py); the models already refuse them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]
    operations = [append_only_guard.operation("ratings_ratingevent")]
