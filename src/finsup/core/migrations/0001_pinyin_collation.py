"""The pinyin collation of `finsup.core.collation` on PostgreSQL (ICU, Chinese: pinyin order).
SQLite registers it on each connection instead; on SQLite this migration does nothing."""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [CreateCollation("finsup_pinyin", provider="icu", locale="zh-u-co-pinyin")]
