"""The listing pipeline's vocabularies (duties ⑮⑯⑰): the boards a company aims at, the stages of
its way to a listing, and the restructurings of listed companies the office follows.

A company moves one stage forward at a time (培育 → 辅导备案 → 申报受理 → 核准/注册 → 上市), or
leaves the reserve (终止/退出) from any stage before it is listed; a company that left comes back
only to cultivation, by a record of its own. Nothing moves backwards silently."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Board(models.TextChoices):
    MAIN = "main", _("Shanghai or Shenzhen main board")
    CHINEXT = "chinext", _("ChiNext")
    STAR = "star", _("STAR Market")
    BSE = "bse", _("Beijing Stock Exchange")
    NEEQ = "neeq", _("NEEQ (New Third Board) quotation")
    OVERSEAS = "overseas", _("Overseas market")


class Stage(models.TextChoices):
    CULTIVATION = "cultivation", _("Cultivation")
    TUTORING = "tutoring", _("Tutoring filed")
    APPLICATION = "application", _("Application accepted")
    APPROVED = "approved", _("Approved or registered")
    LISTED = "listed", _("Listed")
    WITHDRAWN = "withdrawn", _("Terminated or withdrawn")


# The way forward, in order: a stage "reached" is one of these up to the company's current one.
FORWARD = [Stage.CULTIVATION, Stage.TUTORING, Stage.APPLICATION, Stage.APPROVED, Stage.LISTED]

ALLOWED_TRANSITIONS = {
    Stage.CULTIVATION: {Stage.TUTORING, Stage.WITHDRAWN},
    Stage.TUTORING: {Stage.APPLICATION, Stage.WITHDRAWN},
    Stage.APPLICATION: {Stage.APPROVED, Stage.WITHDRAWN},
    Stage.APPROVED: {Stage.LISTED, Stage.WITHDRAWN},
    Stage.LISTED: set(),
    Stage.WITHDRAWN: {Stage.CULTIVATION},
}


class RestructuringKind(models.TextChoices):
    ACQUISITION = "acquisition", _("Purchase of assets by issuing shares")
    DISPOSAL = "disposal", _("Major sale of assets")
    MERGER = "merger", _("Merger")
    CONTROL = "control", _("Change of control")
    OTHER = "other", _("Other restructuring")


class OfficeRole(models.TextChoices):
    """⑯: the office guides and coordinates the restructurings of listed companies controlled by
    state capital other than the city's, and takes part in those of the city's own."""

    GUIDE = "guide", _("Guidance and coordination")
    PARTICIPATE = "participate", _("Participation")


class RestructuringStatus(models.TextChoices):
    PLANNED = "planned", _("Being planned")
    ANNOUNCED = "announced", _("Announced")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


RESTRUCTURING_TRANSITIONS = {
    RestructuringStatus.PLANNED: {RestructuringStatus.ANNOUNCED, RestructuringStatus.TERMINATED},
    RestructuringStatus.ANNOUNCED: {RestructuringStatus.APPROVED, RestructuringStatus.TERMINATED},
    RestructuringStatus.APPROVED: {RestructuringStatus.COMPLETED, RestructuringStatus.TERMINATED},
    RestructuringStatus.COMPLETED: set(),
    RestructuringStatus.TERMINATED: set(),
}
