# The fields the staff search matches (finsup.search): GIN trigram indexes, on PostgreSQL only.
from django.db import migrations

from finsup.search.operations import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_incidents_moved_out")]

    operations = [
        TrigramIndex(model_name="complaint", field_name="tracking_code"),
        TrigramIndex(model_name="complaint", field_name="subject"),
    ]
