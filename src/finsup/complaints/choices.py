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
