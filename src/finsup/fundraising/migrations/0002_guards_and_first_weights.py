"""The texts, the disposal steps and the weight versions refuse UPDATE and DELETE at the database
(core/append_only_guard.py); and the first version of the index's weights is the file
data/weights.toml as it stands when the register is created."""

from django.db import migrations

from finsup.core import append_only_guard


def first_weights(apps, schema_editor):
    from finsup.fundraising.weights import as_data, file_data, parse

    WeightSet = apps.get_model("fundraising", "WeightSet")
    if not WeightSet.objects.exists():
        import datetime

        from django.utils import timezone

        WeightSet.objects.create(
            version=1,
            valid_from=datetime.date(2000, 1, 1),
            weights=as_data(parse(file_data(), 1)),
            note="初始权重（data/weights.toml）",
            created_at=timezone.now(),
        )


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
