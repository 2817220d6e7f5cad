from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    SENT = "sent", pgettext_lazy("survey status", "Sent")


# A survey is sent once; its definition is then frozen (a correction is a new survey).
SURVEY_TRANSITIONS: dict[str, set[str]] = {
    SurveyStatus.DRAFT: {SurveyStatus.SENT},
    SurveyStatus.SENT: set(),
}


class AnswerChannel(models.TextChoices):
    WEB = "web", _("Web form")
    EXCEL = "excel", _("Excel template")
    API = "api", _("API")


# The field types a survey may ask for: the report catalogue's own (catalogue.model.SQL_TYPES).
class FieldType(models.TextChoices):
    MONEY = "money", _("Amount")
    COUNT = "count", _("Count")
    RATIO = "ratio", _("Ratio")
    RATE = "rate", _("Annual rate")
    TEXT = "text", _("Text")
    DATE = "date", _("Date")


# The unit of entry each type offers (catalogue.model.UNITS_BY_TYPE): (type, unit) → label.
class FieldUnit(models.TextChoices):
    WAN_YUAN = "money:wan_yuan", _("Amount in 10k yuan (万元)")
    YUAN = "money:yuan", _("Amount in yuan (元)")
    CLIENTS = "count:clients", _("Count of clients (户)")
    TRANSACTIONS = "count:transactions", _("Count of transactions (笔)")
    PERSONS = "count:persons", _("Count of persons (人)")
    INSTITUTIONS = "count:institutions", _("Count of institutions (家)")
    TIMES = "count:times", _("Count of times (次)")
    ITEMS = "count:items", _("Count of items (个)")
    RATIO = "ratio:ratio", _("Ratio (0.35 is 35%)")
    RATE = "rate:percent_per_year", _("Annual rate in per cent")
    TEXT = "text:", _("Text")
    DATE = "date:", _("Date")


class RecipientState(models.TextChoices):
    """Where a recipient stands, computed from its answers, the forwarding and the deadline."""

    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded to the offices below")
    WAITING = "waiting", _("Not answered yet")
    OVERDUE = "overdue", _("Overdue, not answered")
