"""The assessments refuse UPDATE and DELETE at the database (core/append_only_guard.py)."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [append_only_guard.operation("governance_assessment")]
