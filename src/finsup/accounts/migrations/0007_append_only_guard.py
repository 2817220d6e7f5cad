"""The password history refuses UPDATE and DELETE at the database, on SQLite and PostgreSQL alike
(core/append_only_guard.py); the model already refuses them through the ORM. A user with a password
history is therefore never deleted (PROTECT rather than a cascade the triggers would refuse): users
leave by being deactivated."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_authfailure_passwordhistory")]
    operations = [
        migrations.AlterField(
            model_name="passwordhistory",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="password_history",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        append_only_guard.operation("accounts_passwordhistory"),
    ]
