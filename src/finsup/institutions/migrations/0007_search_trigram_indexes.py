# The fields the staff search matches (finsup.search): GIN trigram indexes, on PostgreSQL only.
from django.db import migrations

from finsup.search.operations import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("institutions", "0006_clock_defaults")]

    operations = [
        TrigramIndex(model_name="institution", field_name="name"),
        TrigramIndex(model_name="institution", field_name="credit_code"),
    ]
