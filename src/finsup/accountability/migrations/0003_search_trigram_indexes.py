# The fields the staff search matches (finsup.search): GIN trigram indexes, on PostgreSQL only.
from django.db import migrations

from finsup.search.operations import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("accountability", "0002_append_only_guard")]

    operations = [
        TrigramIndex(model_name="accountabilitycase", field_name="title"),
    ]
