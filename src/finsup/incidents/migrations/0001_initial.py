"""The incident models move here from the complaints app with their tables, rows and triggers
untouched: this migration creates them in the migration state only (their tables keep the
complaints_* names, see models.py), complaints 0003 removes them from that app's state. The
content types follow (app label complaints → incidents), so their permissions and the generic
links to them (accountability case links) keep pointing at the same rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("incident", "incidentlogentry", "incidentlink")


def _relabel(apps, schema_editor, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not rows.filter(app_label=new, model=model).exists():
            rows.filter(app_label=old, model=model).update(app_label=new)


def forward(apps, schema_editor):
    _relabel(apps, schema_editor, "complaints", "incidents")


def backward(apps, schema_editor):
    _relabel(apps, schema_editor, "incidents", "complaints")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_apitoken"),
        ("complaints", "0002_append_only_guard"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0003_alter_statuschange_from_status_and_more"),
        ("monitoring", "0003_alter_riskwarning_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Incident",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("bank_run", "Run on the company"), ("fraud", "Fraud"), ("absconded", "Executive absconded"), ("large_default", "Large default"), ("mass_complaint", "Mass complaint"), ("other", "Other")], max_length=20, verbose_name="kind")),
                        ("severity", models.CharField(choices=[("I", "Grade I (especially major)"), ("II", "Grade II (major)"), ("III", "Grade III (large)"), ("IV", "Grade IV (ordinary)")], db_index=True, max_length=4, verbose_name="severity")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("description", models.TextField(verbose_name="description")),
                        ("occurred_at", models.DateTimeField(verbose_name="occurred at")),
                        ("reported_at", models.DateTimeField(verbose_name="reported at")),
                        ("status", models.CharField(choices=[("reported", "Reported, not acknowledged"), ("acknowledged", "Acknowledged, response under way"), ("closed", "Closed")], db_index=True, default="reported", max_length=20, verbose_name="status")),
                        ("level", models.CharField(choices=[("county", "County office"), ("city", "City office"), ("province", "Provincial office")], default="county", max_length=10, verbose_name="escalated to")),
                        ("escalated_at", models.DateTimeField(blank=True, null=True, verbose_name="last escalated at")),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True, verbose_name="acknowledged at")),
                        ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed at")),
                        ("acknowledged_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("institution", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="incidents", to="institutions.institution", verbose_name="institution")),
                        ("office", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="incidents", to="accounts.office", verbose_name="responsible office")),
                        ("reported_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="reported by")),
                        ("warnings", models.ManyToManyField(blank=True, db_table="complaints_incident_warnings", related_name="incidents", to="monitoring.riskwarning", verbose_name="linked risk warnings")),
                    ],
                    options={
                        "verbose_name": "major risk incident",
                        "verbose_name_plural": "major risk incidents",
                        "db_table": "complaints_incident",
                        "ordering": ["-reported_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="IncidentLink",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="contenttypes.contenttype")),
                        ("incident", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="links", to="incidents.incident")),
                    ],
                    options={
                        "verbose_name": "linked record",
                        "verbose_name_plural": "linked records",
                        "db_table": "complaints_incidentlink",
                        "constraints": [models.UniqueConstraint(fields=("incident", "content_type", "object_id"), name="incident_link_once")],
                    },
                ),
                migrations.CreateModel(
                    name="IncidentLogEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("report", "Report"), ("action", "Action taken"), ("decision", "Decision"), ("acknowledgement", "Acknowledgement"), ("escalation", "Escalation"), ("link", "Link"), ("closure", "Closure")], max_length=20, verbose_name="kind")),
                        ("at", models.DateTimeField(verbose_name="time")),
                        ("text", models.TextField(verbose_name="text")),
                        ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("incident", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="log", to="incidents.incident")),
                    ],
                    options={
                        "verbose_name": "emergency-response log entry",
                        "verbose_name_plural": "emergency-response log",
                        "db_table": "complaints_incidentlogentry",
                        "ordering": ["at", "pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
