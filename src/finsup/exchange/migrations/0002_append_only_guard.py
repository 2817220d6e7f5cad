from django.db import migrations

from finsup.core import append_only_guard


class Migration(migrations.Migration):
    """What went up to the province and its receipts are never changed once written."""

    dependencies = [("exchange", "0001_province_exports_and_receipts")]

    operations = [append_only_guard.operation("exchange_provinceexport", "exchange_provincereceipt")]
