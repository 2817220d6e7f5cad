from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    TIP_OFF = "tip_off", _("Tip-off")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", pgettext_lazy("complaint status", "Accepted")
    INVESTIGATING = "investigating", _("Under investigation")
    RESOLVED = "resolved", _("Result recorded")
    PUBLISHED = "published", _("Result published")
    DECLINED = "declined", _("Not accepted")


# The handling steps: accept → investigate → reply/result → publish. A complaint outside the
# office's remit may be declined (with the reason) before it is accepted.
COMPLAINT_TRANSITIONS: dict[str, set[str]] = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.ACCEPTED, ComplaintStatus.DECLINED},
    ComplaintStatus.ACCEPTED: {ComplaintStatus.INVESTIGATING},
    ComplaintStatus.INVESTIGATING: {ComplaintStatus.RESOLVED},
    ComplaintStatus.RESOLVED: {ComplaintStatus.PUBLISHED},
    ComplaintStatus.PUBLISHED: set(),
    ComplaintStatus.DECLINED: set(),
}
# The steps a handler takes from the detail page; publishing has its own form (the result text).
HANDLING_STEPS = [ComplaintStatus.ACCEPTED, ComplaintStatus.DECLINED, ComplaintStatus.INVESTIGATING]
OPEN_STATUSES = [ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED, ComplaintStatus.INVESTIGATING]


class ReferralBody(models.TextChoices):
    POLICE = "police", _("Public security (police)")
    PBOC = "pboc", _("People's Bank of China branch")
    FINANCIAL_REGULATOR = "regulator", _("Financial regulatory branch")
    ILLEGAL_FUNDRAISING_OFFICE = "anti_fundraising", _("Office for combating illegal fundraising")
    MARKET_REGULATION = "market", _("Market regulation bureau")
    OTHER = "other", pgettext_lazy("referral body", "Other")


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


class LogEntryKind(models.TextChoices):
    REPORT = "report", pgettext_lazy("incident log", "Report")
    ACTION = "action", _("Action taken")
    DECISION = "decision", _("Decision")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    ESCALATION = "escalation", _("Escalation")
    LINK = "link", _("Link")
    CLOSURE = "closure", _("Closure")


MANUAL_LOG_KINDS = [LogEntryKind.ACTION, LogEntryKind.DECISION]
