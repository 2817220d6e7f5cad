"""A survey's answers refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL alike
(core/append_only_guard.py): a correction is a new version; the model refuses them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_answers_recipients")]
    operations = [append_only_guard.operation("surveys_surveyanswer")]
