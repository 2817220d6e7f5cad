from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentKind(models.TextChoices):
    BANK_RUN = "bank_run", _("Run on the company")
    FRAUD = "fraud", _("Fraud")
    EXECUTIVE_ABSCONDED = "absconded", _("Executive absconded")
    LARGE_DEFAULT = "large_default", _("Large default")
    MASS_COMPLAINT = "mass_complaint", _("Mass complaint")
    OTHER = "other", pgettext_lazy("incident kind", "Other")


class IncidentSeverity(models.TextChoices):
    # Ordered from the highest; grade I is the most severe (特别重大).
    GRADE_I = "I", _("Grade I (especially major)")
    GRADE_II = "II", _("Grade II (major)")
    GRADE_III = "III", _("Grade III (large)")
    GRADE_IV = "IV", _("Grade IV (ordinary)")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, not acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, response under way")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")


INCIDENT_TRANSITIONS: dict[str, set[str]] = {
    IncidentStatus.REPORTED: {IncidentStatus.ACKNOWLEDGED},
    IncidentStatus.ACKNOWLEDGED: {IncidentStatus.CLOSED},
    IncidentStatus.CLOSED: set(),
}


class EscalationLevel(models.TextChoices):
    COUNTY = "county", _("County office")
    CITY = "city", _("City office")
    PROVINCE = "province", _("Provincial office")


ESCALATION_ORDER = [EscalationLevel.COUNTY, EscalationLevel.CITY, EscalationLevel.PROVINCE]
# Escalation goes one level up at a time and never down (services.ESCALATION).
ESCALATION_TRANSITIONS: dict[str, set[str]] = {
    EscalationLevel.COUNTY: {EscalationLevel.CITY},
    EscalationLevel.CITY: {EscalationLevel.PROVINCE},
    EscalationLevel.PROVINCE: set(),
}


class LogEntryKind(models.TextChoices):
    REPORT = "report", pgettext_lazy("incident log", "Report")
    ACTION = "action", _("Action taken")
    DECISION = "decision", _("Decision")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    ESCALATION = "escalation", _("Escalation")
    LINK = "link", _("Link")
    CLOSURE = "closure", _("Closure")


MANUAL_LOG_KINDS = [LogEntryKind.ACTION, LogEntryKind.DECISION]
