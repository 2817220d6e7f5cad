"""Choices and transitions of the annual review (年审), licensing pre-review (设立、变更、终止初审)
and fit-and-proper approval (任职资格)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.institutions.choices import ApprovalStatus, InstitutionKind

# -- Annual review ---------------------------------------------------------------------------


class CheckItem(models.TextChoices):
    CAPITAL_INTACT = "capital_intact", _("Capital paid in and intact")
    REPORTS_ON_TIME = "reports_on_time", _("Reports complete and on time")
    AUDITED_STATEMENTS = "audited_statements", _("Audited financial statements filed")
    RECTIFICATIONS_CLOSED = "rectifications_closed", _("Rectifications closed")
    EXECUTIVES_GOOD_STANDING = "executives_good_standing", _("Directors and executives in good standing")
    GUARANTEE_BUSINESS = "guarantee_business", _("Guarantee business carried on in the last two years")


_COMMON = [
    CheckItem.CAPITAL_INTACT,
    CheckItem.REPORTS_ON_TIME,
    CheckItem.AUDITED_STATEMENTS,
    CheckItem.RECTIFICATIONS_CLOSED,
    CheckItem.EXECUTIVES_GOOD_STANDING,
]

# The checklist of each kind. Two years without guarantee business costs a guarantee company its
# licence (source document, section 三, financing guarantee companies).
CHECKLIST: dict[str, list[str]] = {
    InstitutionKind.MICROLOAN: _COMMON,
    InstitutionKind.GUARANTEE: [*_COMMON, CheckItem.GUARANTEE_BUSINESS],
    InstitutionKind.PRIVATE_CAPITAL: _COMMON,
    InstitutionKind.LENDING_REGISTRY: _COMMON,
}


class CheckResult(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSED = "not_assessed", _("Not yet assessed")


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("annual review", "In progress")
    CONCLUDED = "concluded", pgettext_lazy("annual review", "Concluded")


# A director's, supervisor's or executive's approval (institutions.KeyPerson.approval_status): a
# pending person is approved or refused once; one who needs no approval is filed from the start.
APPROVAL_TRANSITIONS: dict[str, set[str]] = {
    ApprovalStatus.PENDING: {ApprovalStatus.APPROVED, ApprovalStatus.REFUSED},
    ApprovalStatus.APPROVED: set(),
    ApprovalStatus.REFUSED: set(),
    ApprovalStatus.FILED: set(),
}

REVIEW_TRANSITIONS: dict[str, set[str]] = {
    ReviewStatus.OPEN: {ReviewStatus.CONCLUDED},
    ReviewStatus.CONCLUDED: set(),
}


class ReviewOutcome(models.TextChoices):
    PASS = "pass", _("Passed")
    PASS_WITH_CONDITIONS = "pass_with_conditions", _("Passed with conditions")
    FAIL = "fail", _("Failed")


class Consequence(models.TextChoices):
    """The consequences the source names for a failed or conditional review. They are proposals:
    the inspections app turns them into supervisory measures, decided by a leader."""

    WARNING = "warning", _("Warning")
    RECTIFICATION = "rectification", _("Rectification by a deadline")
    SUSPEND_BUSINESS = "suspend_business", _("Suspension of some business")
    LICENCE_LOSS = "licence_loss", _("Loss of licence (decided by the province)")


# -- Licensing pre-review ----------------------------------------------------------------------


class ApplicationType(models.TextChoices):
    ESTABLISH = "establish", _("Establishment")
    CHANGE = "change", _("Change")
    TERMINATE = "terminate", _("Termination")


class ChangeKind(models.TextChoices):
    NAME = "name", _("Name")
    CAPITAL = "capital", _("Registered capital")
    SHAREHOLDER = "shareholder", _("Shareholder holding 5 per cent or more")
    EXECUTIVES = "executives", _("Directors, supervisors or executives")
    ADDRESS = "address", _("Address")
    SCOPE_REGION = "scope_region", _("Business scope or region")


# Change kinds the 30-day filing rule covers: 国务院令第683号《融资担保公司监督管理条例》第九条
# (RULES.md fg2017_change_filing, status V): a financing guarantee company files a change of name,
# of a shareholder holding 5% or more, or of directors, supervisors or executives within 30 days.
FILING_RULE_DAYS = 30
FILING_RULE_CITATION = "国务院令第683号《融资担保公司监督管理条例》第九条"
FILING_RULE_KINDS = {InstitutionKind.GUARANTEE: {ChangeKind.NAME, ChangeKind.SHAREHOLDER, ChangeKind.EXECUTIVES}}


# What the province decides: the licences of local financial organisations, their establishment,
# change and termination (山东省地方金融管理局《山东省地方金融组织行政许可实施程序规定》(2024) 第四条;
# for guarantee companies 国务院令第548号 and 第683号 第六条). The city reviews and forwards them
# with a request (请示). A change made only of what the company files (FILING_RULE_KINDS) asks the
# province nothing: there is nothing to forward.
def province_decides(type_: str, kind: str, change_kinds) -> bool:
    if type_ != ApplicationType.CHANGE:
        return True
    return not set(change_kinds) <= FILING_RULE_KINDS.get(kind, set())


class ApplicationStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting the county's initial review")
    COUNTY_PASSED = "county_passed", _("Passed the county's initial review, awaiting the city")
    CITY_PASSED = "city_passed", _("Passed the city's review, awaiting the decision")
    FORWARDED = "forwarded", _("Forwarded to the provincial office")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.FILED: {ApplicationStatus.COUNTY_PASSED, ApplicationStatus.REFUSED},
    ApplicationStatus.COUNTY_PASSED: {ApplicationStatus.CITY_PASSED, ApplicationStatus.REFUSED},
    ApplicationStatus.CITY_PASSED: {ApplicationStatus.APPROVED, ApplicationStatus.REFUSED, ApplicationStatus.FORWARDED},
    ApplicationStatus.FORWARDED: {ApplicationStatus.APPROVED, ApplicationStatus.REFUSED},
    ApplicationStatus.APPROVED: set(),
    ApplicationStatus.REFUSED: set(),
}

# Days each step may take, counted from the day the application reached it. The source gives no
# figure; these are the office's own targets, kept here as data. None: no deadline of ours.
STEP_DAYS: dict[str, int | None] = {
    ApplicationStatus.FILED: 20,
    ApplicationStatus.COUNTY_PASSED: 20,
    ApplicationStatus.CITY_PASSED: 10,
    ApplicationStatus.FORWARDED: None,
}

# Which office acts at each step: "county" (the institution's county office), "city", "province"
# (the provincial office decides what the city forwarded to it; the city no longer records its
# answer, though applications decided that way before keep their steps as they were).
STEP_OFFICE = {
    ApplicationStatus.FILED: "county",
    ApplicationStatus.COUNTY_PASSED: "city",
    ApplicationStatus.CITY_PASSED: "city",
    ApplicationStatus.FORWARDED: "province",
}


# -- Fit-and-proper --------------------------------------------------------------------------

# Kinds whose directors, supervisors and executives are approved before taking office (source
# document, section 三); the others' are filed.
APPROVAL_KINDS = {InstitutionKind.PRIVATE_CAPITAL, InstitutionKind.LENDING_REGISTRY}
# Training counts if attended within this many years before the decision.
TRAINING_YEARS = 2
