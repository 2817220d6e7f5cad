"""The register of suspected illegal fundraising (防范和处置非法集资, duty ⑩): where a suspected
entity came from, the steps of its disposal and their deadlines.

The steps follow 《防范和处置非法集资条例》(国务院令第737号, 2021): the county where the activity
takes place verifies a clue (核查, 第十九条), the office determines whether it is illegal
fundraising (认定, 第二十一条), and disposes of it: no issue, an order to rectify, an
administrative measure, a joint disposal with other departments, or, where a crime is suspected,
a referral to the police (移送, 第二十二条 and 国务院令第310号). The deadlines are the office's own
working rule, kept here in one table (DEADLINE_DAYS): thirty days to verify, thirty to determine;
the referral three days after the determination (310号令 第五条: the head of the office approves
within three days) and the police's answer three days after the referral (第八条)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Origin(models.TextChoices):
    TIP_OFF = "tip_off", _("Tip-off or complaint")
    OUTREACH = "outreach", _("Outreach lead")
    INSPECTION = "inspection", _("Inspection finding")
    WARNING = "warning", _("Risk warning")
    MONITORING = "monitoring", _("Monitoring of advertisements and web pages")
    MANUAL = "manual", _("Entered by hand")


class EntityStatus(models.TextChoices):
    REGISTERED = "registered", _("Awaiting verification")
    VERIFIED = "verified", _("Verified, awaiting determination")
    DISPOSING = "disposing", _("Being disposed of")
    REFERRED = "referred", _("Referred to the police, awaiting acceptance")
    CLOSED = "closed", pgettext_lazy("fundraising status", "Closed")
    MERGED = "merged", _("Merged into another entity")


class Outcome(models.TextChoices):
    NO_ISSUE = "no_issue", _("Not illegal fundraising")
    RECTIFICATION = "rectification", _("Ordered to rectify")
    ADMIN_MEASURE = "admin_measure", _("Administrative measure")
    POLICE_REFERRAL = "police_referral", _("Referral to the police")
    JOINT_DISPOSAL = "joint_disposal", _("Joint disposal with other departments")


# The determinations that found illegal fundraising (or its risk): what the backtest counts as a
# true flag. "No issue" is the only negative.
POSITIVE_OUTCOMES = frozenset(
    {Outcome.RECTIFICATION, Outcome.ADMIN_MEASURE, Outcome.POLICE_REFERRAL, Outcome.JOINT_DISPOSAL}
)


class StepKind(models.TextChoices):
    VERIFICATION = "verification", _("Verification")
    DETERMINATION = "determination", _("Determination")
    REFERRAL = "referral", _("Referral to the police")
    ACCEPTANCE = "acceptance", _("Police's answer to the referral")
    DISPOSAL = "disposal", _("Disposal carried out")
    MERGE = "merge", _("Merged")


class PoliceAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted and case opened")
    DECLINED = "declined", _("Not accepted")


class DocumentKind(models.TextChoices):
    TIP_OFF = "tip_off", _("Tip-off or complaint")
    ADVERTISEMENT = "advertisement", _("Advertisement")
    MATERIAL = "material", _("Promotional material")
    WEB_PAGE = "web_page", _("Web page")
    EVIDENCE = "evidence", _("Verification evidence")
    OTHER = "other", _("Other")


# The moves of an entity's status (services.ENTITY, core/lifecycle.py): a merge from any open status.
ENTITY_TRANSITIONS = {
    EntityStatus.REGISTERED: {EntityStatus.VERIFIED, EntityStatus.MERGED},
    EntityStatus.VERIFIED: {EntityStatus.CLOSED, EntityStatus.DISPOSING, EntityStatus.MERGED},
    EntityStatus.DISPOSING: {EntityStatus.REFERRED, EntityStatus.CLOSED, EntityStatus.MERGED},
    EntityStatus.REFERRED: {EntityStatus.CLOSED, EntityStatus.DISPOSING, EntityStatus.MERGED},
    EntityStatus.CLOSED: set(),
    EntityStatus.MERGED: set(),
}

# The step each status waits for, and the days it has from the step before (see the docstring).
NEXT_STEP = {
    EntityStatus.REGISTERED: StepKind.VERIFICATION,
    EntityStatus.VERIFIED: StepKind.DETERMINATION,
    EntityStatus.DISPOSING: StepKind.DISPOSAL,
    EntityStatus.REFERRED: StepKind.ACCEPTANCE,
}
DEADLINE_DAYS = {
    StepKind.VERIFICATION: 30,
    StepKind.DETERMINATION: 30,
    StepKind.REFERRAL: 3,
    StepKind.ACCEPTANCE: 3,
    StepKind.DISPOSAL: 60,
}
