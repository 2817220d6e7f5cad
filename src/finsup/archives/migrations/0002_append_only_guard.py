"""Archive entries and their files refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL
alike (core/append_only_guard.py); the models already refuse them through the ORM. Once archived,
a record stays as it was archived."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_archive_entries")]
    operations = [append_only_guard.operation("archives_archiveentry", "archives_archiveitem")]
