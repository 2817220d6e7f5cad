from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_pdf_state_off_the_request_path"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="officialdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("pdf_state", ""), ("status__in", ["draft", "checked"])),
                    models.Q(("pdf_state__in", ["pending", "ready", "failed"]), ("status", "final")),
                    _connector="OR",
                ),
                name="document_pdf_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="officialdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("pdf_state", "ready"),
                        models.Q(("pdf", ""), _negated=True),
                        models.Q(("pdf_sha256", ""), _negated=True),
                    ),
                    models.Q(models.Q(("pdf_state", "ready"), _negated=True), ("pdf", ""), ("pdf_sha256", "")),
                    _connector="OR",
                ),
                name="document_pdf_ready_is_stored",
            ),
        ),
    ]
