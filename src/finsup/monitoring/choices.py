from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    # Ordered from least to most severe; rule severities map onto these.
    INFO = "info", _("Notice")
    WARNING = "warning", _("Warning")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


LEVEL_ORDER = {level: i for i, level in enumerate(WarningLevel.values)}


class WarningSource(models.TextChoices):
    RULE_BREACH = "rule_breach", _("Rule breached")
    LATE_FILING = "late_filing", _("Filed late")
    MISSING_FILING = "missing_filing", _("Filing missing")
    SHARP_CHANGE = "sharp_change", _("Sharp change from the previous period")
    LOAN_MONITORING = "loan_monitoring", _("Loan-level monitoring")
    RELATED_GRAPH = "related_graph", _("Ownership and related-party graph")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RECTIFYING = "rectifying", _("In rectification")
    CLOSED = "closed", _("Closed")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    WarningStatus.OPEN: {WarningStatus.ACKNOWLEDGED, WarningStatus.CLOSED},
    WarningStatus.ACKNOWLEDGED: {WarningStatus.RECTIFYING, WarningStatus.CLOSED},
    WarningStatus.RECTIFYING: {WarningStatus.CLOSED},
    WarningStatus.CLOSED: set(),
}


# Warnings of a rule breached (by a filing or by the loan-level data): the institution sees them,
# answers them with a justification, and a supervisor may find one a false alarm.
BREACH_SOURCES = (WarningSource.RULE_BREACH, WarningSource.LOAN_MONITORING)


class JustificationStatus(models.TextChoices):
    """Where a breach stands with the institution's justification (the Bundesbank's practice: every
    failed check is explained by the reporter). Justified and false alarm close the warning."""

    UNANSWERED = "unanswered", _("Not yet justified")
    WAITING = "waiting", _("Justification waiting for a decision")
    REJECTED = "rejected", _("Justification not accepted")
    JUSTIFIED = "justified", _("Justified")
    FALSE_ALARM = "false_alarm", _("False alarm")


# One service per step (monitoring.justification); anything else is refused.
JUSTIFICATION_TRANSITIONS: dict[str, set[str]] = {
    JustificationStatus.UNANSWERED: {JustificationStatus.WAITING, JustificationStatus.FALSE_ALARM},
    JustificationStatus.WAITING: {
        JustificationStatus.JUSTIFIED,
        JustificationStatus.REJECTED,
        JustificationStatus.FALSE_ALARM,
    },
    JustificationStatus.REJECTED: {JustificationStatus.WAITING, JustificationStatus.FALSE_ALARM},
    JustificationStatus.JUSTIFIED: set(),
    JustificationStatus.FALSE_ALARM: set(),
}

# The breaches the institution still has to answer: never answered, or its answer not accepted.
TO_ANSWER = (JustificationStatus.UNANSWERED, JustificationStatus.REJECTED)
