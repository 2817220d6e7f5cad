"""Retention periods and the parts of an archived file.

The retention periods are those of 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号,
2006): 第六条 sets two, permanent and fixed-term, the fixed term "一般分为30年、10年". The codes are
those DA/T 22-2015 (归档文件整理规则) prints in an archive number: Y, D30, D10."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Retention(models.TextChoices):
    PERMANENT = "Y", _("Permanent")
    YEARS_30 = "D30", _("30 years")
    YEARS_10 = "D10", _("10 years")


RETENTION_YEARS: dict[str, int | None] = {Retention.PERMANENT: None, Retention.YEARS_30: 30, Retention.YEARS_10: 10}


class ItemRole(models.TextChoices):
    DOCUMENT = "document", _("Official document")
    ATTACHMENT = "attachment", _("Attachment")
