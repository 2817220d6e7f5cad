"""Kinds and statuses of on-site inspection, rectification, executive interviews and measures.
Each workflow lists its allowed transitions; one service per transition checks them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.institutions.choices import InstitutionKind


class InspectionKind(models.TextChoices):
    # 年度审计, 专项检查, 临时性检查 (source 三(一), microloan companies)
    ANNUAL_AUDIT = "annual_audit", _("Annual audit")
    THEMATIC = "thematic", _("Thematic inspection")
    AD_HOC = "ad_hoc", _("Ad hoc inspection")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notice issued")
    IN_PROGRESS = "in_progress", _("On site")
    FACT_CONFIRMATION = "fact_confirmation", _("Facts for confirmation")
    REPORTED = "reported", _("Reported")
    RECTIFICATION = "rectification", _("In rectification")
    CLOSED = "closed", pgettext_lazy("inspection", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


# An unannounced ad hoc inspection goes from planned straight to in_progress (the service checks
# that only those may); a report without findings closes the inspection directly.
INSPECTION_TRANSITIONS: dict[str, set[str]] = {
    InspectionStatus.PLANNED: {InspectionStatus.NOTIFIED, InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED},
    InspectionStatus.NOTIFIED: {InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED},
    InspectionStatus.IN_PROGRESS: {InspectionStatus.FACT_CONFIRMATION},
    InspectionStatus.FACT_CONFIRMATION: {InspectionStatus.REPORTED},
    InspectionStatus.REPORTED: {InspectionStatus.RECTIFICATION, InspectionStatus.CLOSED},
    InspectionStatus.RECTIFICATION: {InspectionStatus.CLOSED},
    InspectionStatus.CLOSED: set(),
    InspectionStatus.CANCELLED: set(),
}

# Statuses in which the inspection has been carried out on site (it counts for the duties).
STARTED_STATUSES = [
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.FACT_CONFIRMATION,
    InspectionStatus.REPORTED,
    InspectionStatus.RECTIFICATION,
    InspectionStatus.CLOSED,
]


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    MEMBER = "member", _("Team member")


class EvidenceOrigin(models.TextChoices):
    INSPECTION = "inspection", _("Working paper")
    RECTIFICATION = "rectification", _("Rectification evidence")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    SERIOUS = "serious", pgettext_lazy("finding", "Serious")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFYING = "rectifying", _("In rectification")
    SUBMITTED = "submitted", _("Rectification report filed")
    VERIFIED = "verified", _("Rectification verified")
    RETURNED = "returned", _("Rectification returned")
    CLOSED = "closed", pgettext_lazy("finding", "Closed")


FINDING_TRANSITIONS: dict[str, set[str]] = {
    FindingStatus.OPEN: {FindingStatus.RECTIFYING},
    FindingStatus.RECTIFYING: {FindingStatus.SUBMITTED},
    FindingStatus.SUBMITTED: {FindingStatus.VERIFIED, FindingStatus.RETURNED, FindingStatus.CLOSED},
    FindingStatus.RETURNED: {FindingStatus.SUBMITTED},
    FindingStatus.VERIFIED: {FindingStatus.CLOSED},
    FindingStatus.CLOSED: set(),
}

# The institution owes a (new) rectification report: past the deadline these are overdue. A report
# filed and awaiting review is with the supervisor, so it does not escalate.
OWING_STATUSES = [FindingStatus.OPEN, FindingStatus.RECTIFYING, FindingStatus.RETURNED]


class RectificationDecisionKind(models.TextChoices):
    VERIFY = "verify", _("Verified")
    RETURN = "return", pgettext_lazy("rectification", "Returned")
    CLOSE = "close", pgettext_lazy("rectification", "Closed")


class InterviewOrigin(models.TextChoices):
    INSTITUTION = "institution", _("The institution")
    WARNING = "warning", _("A risk warning")
    FINDING = "finding", _("An inspection finding")


class InterviewStatus(models.TextChoices):
    # "Preparing" alone is an institution's 筹建 (institutions.choices): an interview is 准备中.
    PREPARING = "preparing", pgettext_lazy("interview status", "Preparing")
    HELD = "held", _("Held")
    ARCHIVED = "archived", _("Archived")


INTERVIEW_TRANSITIONS: dict[str, set[str]] = {
    InterviewStatus.PREPARING: {InterviewStatus.HELD},
    InterviewStatus.HELD: {InterviewStatus.ARCHIVED},
    InterviewStatus.ARCHIVED: set(),
}


class MeasureKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    WARNING = "warning", pgettext_lazy("measure", "Warning")
    EXECUTIVE_INTERVIEW = "executive_interview", _("Executive interview")
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order")
    PARTIAL_SUSPENSION = "partial_suspension", _("Suspension of part of the business")
    EXIT_ADVICE = "exit_advice", _("Advice to exit")
    REVOCATION_REQUEST = "revocation_request", _("Request to the province to revoke the pilot status or licence")
    REFERRAL = "referral", _("Referral to the police or judicial authorities")
    RATING_V1 = "rating_v1", _("Rating lowered to V(1)")
    RATING_V2 = "rating_v2", _("Rating lowered to V(2)")


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    DISMISSED = "dismissed", _("Dismissed")


MEASURE_TRANSITIONS: dict[str, set[str]] = {
    MeasureStatus.PROPOSED: {MeasureStatus.DECIDED, MeasureStatus.DISMISSED},
    MeasureStatus.DECIDED: set(),
    MeasureStatus.DISMISSED: set(),
}

# What an overdue rectification escalates to, one step at a time (level 1, 2, 3).
# Microloan companies, source (一) 六(一): “逾期未改正或拒绝阻碍金融办监督检查，直接评级V(1)级，继续重点监管，
# 责令整改。逾期未整改完毕的降入V(2)级，对列入V(2)级的小额贷款公司，报省金融办提交省级联席会议讨论，取消其试点资格。”
# Guarantee companies, source (二) 五(一): “提出警告、限期整改、暂停部分业务等处理意见，情节严重或整改后仍不符合
# 规定的，取消其经营融资性担保业务资格。”
# Private capital managers, source (三) 五(二): “可采取提示、警告、约谈高管、责令整改、劝退等措施”.
# Lending registries: the source names no ladder; the private capital one is used.
ESCALATION_LADDER: dict[str, tuple[str, ...]] = {
    InstitutionKind.MICROLOAN: (MeasureKind.RATING_V1, MeasureKind.RATING_V2, MeasureKind.REVOCATION_REQUEST),
    InstitutionKind.GUARANTEE: (MeasureKind.WARNING, MeasureKind.PARTIAL_SUSPENSION, MeasureKind.REVOCATION_REQUEST),
    InstitutionKind.PRIVATE_CAPITAL: (MeasureKind.WARNING, MeasureKind.EXECUTIVE_INTERVIEW, MeasureKind.EXIT_ADVICE),
    InstitutionKind.LENDING_REGISTRY: (MeasureKind.WARNING, MeasureKind.EXECUTIVE_INTERVIEW, MeasureKind.EXIT_ADVICE),
}

# What obstructing an inspection leads to at once (microloan companies: V(1), source (一) 六(一)).
OBSTRUCTION_MEASURE: dict[str, str] = {
    InstitutionKind.MICROLOAN: MeasureKind.RATING_V1,
    InstitutionKind.GUARANTEE: MeasureKind.WARNING,
    InstitutionKind.PRIVATE_CAPITAL: MeasureKind.WARNING,
    InstitutionKind.LENDING_REGISTRY: MeasureKind.WARNING,
}


class PaperKind(models.TextChoices):
    """The official documents of these procedures (the kinds of finsup.documents)."""

    INSPECTION_NOTICE = "inspection_notice", _("Inspection notice")
    FACT_CONFIRMATION = "fact_confirmation", _("Confirmation of inspection facts")
    FINDINGS = "findings", _("Inspection facts and assessment")
    INSPECTION_REPORT = "inspection_report", _("On-site inspection report")
    OPINION_LETTER = "opinion_letter", _("Inspection opinion letter")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")
    INTERVIEW_NOTICE = "interview_notice", _("Executive interview notice")
    INTERVIEW_MEMO = "interview_memo", _("Executive interview memo")
    MEASURE_DECISION = "measure_decision", _("Supervisory measure decision")
    POLICE_REFERRAL = "police_referral", _("Referral of a suspected crime to the police")
    REQUEST = "request", _("Request to the superior office")


# What the province decides on a measure the city cannot take itself (issue 18): the city's leader
# decides to ask (请示, paperwork.province_request); the province approves or refuses, with reasons.
class ProvinceOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved by the province")
    REFUSED = "refused", _("Not approved by the province")


PROVINCE_DECIDES: tuple[str, ...] = (MeasureKind.RATING_V2, MeasureKind.REVOCATION_REQUEST)
