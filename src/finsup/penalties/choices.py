"""Statuses of an administrative-penalty case and the kinds of its papers.

The procedure of 《中华人民共和国行政处罚法》(2021) 第五章第三节 (普通程序): a case is opened with a
leader's approval (第五十四条), investigated (第五十五条、第五十六条), the party is told of the
intended penalty and of their rights (第四十四条) and heard (第四十五条; a hearing 第六十三条、第六十四条),
and the leader decides (第五十七条) by a written decision (第五十九条), served on the party
(第六十一条).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval to open")
    OPENED = "opened", _("Opened, under investigation")
    NOTIFIED = "notified", _("Party notified of the intended penalty")
    HEARING = "hearing", _("Hearing requested")
    DECIDED = "decided", _("Penalty decided")
    NOT_OPENED = "not_opened", _("Not opened")
    DROPPED = "dropped", _("Closed without penalty")


CASE_TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.PROPOSED: {CaseStatus.OPENED, CaseStatus.NOT_OPENED},
    CaseStatus.OPENED: {CaseStatus.NOTIFIED, CaseStatus.DROPPED},
    CaseStatus.NOTIFIED: {CaseStatus.HEARING, CaseStatus.DECIDED, CaseStatus.DROPPED},
    CaseStatus.HEARING: {CaseStatus.DECIDED, CaseStatus.DROPPED},
    CaseStatus.DECIDED: set(),
    CaseStatus.NOT_OPENED: set(),
    CaseStatus.DROPPED: set(),
}
OPEN_STATUSES = (CaseStatus.PROPOSED, CaseStatus.OPENED, CaseStatus.NOTIFIED, CaseStatus.HEARING)


class PaperKind(models.TextChoices):
    """The papers of the case file, as finsup.documents' kinds (the same values)."""

    CASE_APPROVAL = "penalty_case_approval", _("Case opening approval form")
    PRIOR_NOTICE = "penalty_prior_notice", _("Prior notice of administrative penalty")
    STATEMENT_RECORD = "penalty_statement_record", _("Record of statement and defence")
    HEARING_NOTICE = "penalty_hearing_notice", _("Hearing notice")
    HEARING_RECORD = "penalty_hearing_record", _("Hearing record")
    DECISION = "penalty_decision", _("Administrative penalty decision")
    SERVICE_RECEIPT = "penalty_service_receipt", _("Receipt of service")


# The papers delivered to the party, each with its receipt of service (第六十一条).
SERVED_KINDS = (PaperKind.PRIOR_NOTICE, PaperKind.HEARING_NOTICE, PaperKind.DECISION)


class ServiceManner(models.TextChoices):
    """《行政处罚法》第六十一条 refers to 《民事诉讼法》's manners of service."""

    DIRECT = "direct", _("In person")
    MAIL = "mail", _("By post")
    ELECTRONIC = "electronic", _("Electronically, with the party's consent")
    LEFT = "left", _("Left at the address (refused)")


# As the receipt of service prints them, whatever the interface language.
MANNER_ZH = {
    ServiceManner.DIRECT: "直接送达",
    ServiceManner.MAIL: "邮寄送达",
    ServiceManner.ELECTRONIC: "电子送达",
    ServiceManner.LEFT: "留置送达",
}
