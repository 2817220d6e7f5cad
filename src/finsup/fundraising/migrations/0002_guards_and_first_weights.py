"""The texts, the disposal steps and the weight versions refuse UPDATE and DELETE at the database
(core/append_only_guard.py); and the first version of the index's weights is the file
data/weights.toml as it stands when the register is created."""

from django.db import migrations

from finsup.core import append_only_guard


def first_weights(apps, schema_editor):
    from finsup.fundraising.first_weights import ensure_first_version

    ensure_first_version(apps.get_model("fundraising", "WeightSet"))


class Migration(migrations.Migration):
    dependencies = [("fundraising", "0001_initial")]
    operations = [
        append_only_guard.operation(
            "fundraising_entitytext",
            "fundraising_disposalstep",
            "fundraising_weightset",
        ),
        migrations.RunPython(first_weights, migrations.RunPython.noop),
    ]
