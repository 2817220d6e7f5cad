"""The listing reserve's histories refuse UPDATE and DELETE at the database, on SQLite and PostgreSQL
alike (core/append_only_guard.py): a stage change, a subsidy granted, a payment and a restructuring's
step are never changed (a correction is a new row); the models refuse them through the ORM."""

from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("listing", "0001_initial")]
    operations = [
        append_only_guard.operation("listing_stagechange"),
        append_only_guard.operation("listing_subsidy"),
        append_only_guard.operation("listing_subsidypayment"),
        append_only_guard.operation("listing_restructuringupdate"),
    ]
