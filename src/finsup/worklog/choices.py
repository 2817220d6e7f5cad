"""The duty register's vocabularies: how often a recurring task falls due, and the kinds of work
record that show a duty was kept.

A task's deadline is computed from dates, never stored as a flag: each period of its frequency
(a month, a quarter, a half-year, a year, counted from the calendar) is due `due_days` days after
the period ends; a one-off task (a meeting's follow-up) is due on its own date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")
    ONCE = "once", _("Once, by its date")


# Months in one period of each recurring frequency.
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


class RecordKind(models.TextChoices):
    TASK_DONE = "task_done", _("Task done")
    MEETING = "meeting", _("Meeting")
    DOCUMENT = "document", _("Official document")
    LINK = "link", _("Record elsewhere in the platform")
    NOTE = "note", _("Work done")
