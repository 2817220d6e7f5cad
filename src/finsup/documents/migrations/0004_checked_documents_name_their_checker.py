from django.db import migrations, models


class Migration(migrations.Migration):
    """Its own migration: on PostgreSQL, a table whose rows 0003 updated (deferred foreign-key
    checks pending) cannot be altered in the same transaction."""

    dependencies = [
        ("documents", "0003_sign_off_and_documents_without_institution"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="officialdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "draft"),
                    models.Q(("checked_at__isnull", False), ("checked_by__isnull", False)),
                    _connector="OR",
                ),
                name="document_checked_has_checker",
            ),
        ),
    ]
