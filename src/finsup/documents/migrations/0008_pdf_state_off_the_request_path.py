from django.conf import settings
from django.db import migrations, models


def final_pdfs_are_ready(apps, schema_editor):
    """Final versions signed off before the queue have their PDF (the old constraint required it)."""
    document = apps.get_model("documents", "OfficialDocument")
    document.objects.filter(status="final").update(pdf_state="ready")


class Migration(migrations.Migration):
    """The PDF of a signed-off document is made by the background worker: a final version no longer
    needs one, and its state says where it is. The new constraints follow in 0006: on PostgreSQL, a
    table whose rows were just updated cannot be altered in the same transaction."""

    dependencies = [
        ("accounts", "0008_clock_defaults"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0007_document_deliveries"),
        ("institutions", "0007_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="officialdocument",
            name="document_final_is_numbered",
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="pdf_attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="PDF attempts"),
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="pdf_error",
            field=models.CharField(blank=True, max_length=300, verbose_name="PDF error"),
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="pdf_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "No PDF"),
                    ("pending", "PDF being prepared"),
                    ("ready", "PDF ready"),
                    ("failed", "PDF failed"),
                ],
                default="",
                max_length=10,
                verbose_name="PDF state",
            ),
        ),
        migrations.AddConstraint(
            model_name="officialdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("finalised_at__isnull", True),
                        ("number", ""),
                        ("seq__isnull", True),
                        ("status__in", ["draft", "checked"]),
                    ),
                    models.Q(
                        ("finalised_at__isnull", False),
                        ("seq__isnull", False),
                        ("status", "final"),
                        ("year__isnull", False),
                        models.Q(("number", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="document_final_is_numbered",
            ),
        ),
        migrations.RunPython(final_pdfs_are_ready, migrations.RunPython.noop),
    ]
