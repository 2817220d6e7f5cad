"""The actual on-site dates: why an inspection started before its planned start, and when its
on-site work ended. An inspection already past the presentation of facts takes the end from the
event of that step."""

from django.db import migrations, models


def onsite_end_from_events(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    InspectionEvent = apps.get_model("inspections", "InspectionEvent")
    ends = {}
    for inspection_id, at in (
        InspectionEvent.objects.filter(to_status="fact_confirmation").order_by("at").values_list("inspection_id", "at")
    ):
        ends.setdefault(inspection_id, at)
    for inspection in Inspection.objects.filter(pk__in=ends, onsite_ended_at=None):
        inspection.onsite_ended_at = ends[inspection.pk]
        inspection.save(update_fields=["onsite_ended_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_measure_proposed_basis_deadline"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="early_start_reason",
            field=models.TextField(blank=True, verbose_name="reason for starting before the planned date"),
        ),
        migrations.AddField(
            model_name="inspection",
            name="onsite_ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="on-site work ended at"),
        ),
        migrations.RunPython(onsite_end_from_events, migrations.RunPython.noop),
    ]
