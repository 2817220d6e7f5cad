"""Loads the office tree (finsup.accounts.office_tree) as reference data."""

from django.db import migrations


def load(apps, schema_editor):
    from finsup.accounts.office_tree import ensure_office_tree

    ensure_office_tree(apps.get_model("accounts", "Office"))


def unload(apps, schema_editor):
    apps.get_model("accounts", "Office").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
