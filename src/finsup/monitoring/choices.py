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
