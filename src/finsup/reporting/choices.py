from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted by the county")
    CONFIRMED = "confirmed", _("Confirmed by the city")
    SUPERSEDED = "superseded", _("Superseded by a correction")


# One service per transition; anything else is refused.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    SubmissionStatus.SUBMITTED: {SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED, SubmissionStatus.SUPERSEDED},
    SubmissionStatus.RETURNED: {SubmissionStatus.SUPERSEDED},
    SubmissionStatus.ACCEPTED: {SubmissionStatus.CONFIRMED, SubmissionStatus.RETURNED, SubmissionStatus.SUPERSEDED},
    SubmissionStatus.CONFIRMED: {SubmissionStatus.SUPERSEDED},
    SubmissionStatus.SUPERSEDED: set(),
}

# Filings whose figures count (evaluated, summarised).
COUNTED_STATUSES = [SubmissionStatus.ACCEPTED, SubmissionStatus.CONFIRMED]


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EXCEL = "excel", _("Excel upload")
    API = "api", _("API")


class SubmissionAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    CORRECT = "correct", _("Corrected")
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned")
    CONFIRM = "confirm", _("Confirmed")


class SourceStatus(models.TextChoices):
    """How surely a rule's figure, article and dates were read (the rule's status_of_source)."""

    VERIFIED = "V", _("Verified against the full text")
    SECONDARY = "S", _("Seen in secondary sources only")
    UNVERIFIED = "U", _("Not verified")


class RuleStage(models.TextChoices):
    """How far a rule has gone live (rulebook/loader.py STAGES): a rule in test is evaluated and
    shown to supervisors, but its breaches open no warning and count for nothing."""

    TEST = "test", pgettext_lazy("rule stage", "In test")
    ACTIVE = "active", pgettext_lazy("rule stage", "Active")
