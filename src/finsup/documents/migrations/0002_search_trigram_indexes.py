# The fields the staff search matches (finsup.search): GIN trigram indexes, on PostgreSQL only.
from django.db import migrations

from finsup.search.operations import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        TrigramIndex(model_name="officialdocument", field_name="number"),
        TrigramIndex(model_name="officialdocument", field_name="title"),
    ]
