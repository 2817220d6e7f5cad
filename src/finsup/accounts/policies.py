"""What each role may do. Where a user may see is decided by scoping (finsup.core.scoping);
this decides which actions a role has at all, and `require` is the one question every service
asks before it writes: may this user take this action here?"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from finsup.core.errors import OutOfScope, PermissionDenied

from .choices import Role


class Action(StrEnum):
    DASHBOARD_VIEW = "dashboard.view"
    INSTITUTION_VIEW = "institution.view"
    INSTITUTION_CHANGE = "institution.change"
    INSTITUTION_IMPORT = "institution.import"
    INSTITUTION_EXPORT = "institution.export"
    AUDIT_VIEW = "audit.view"
    FILING_VIEW = "filing.view"
    FILING_SUBMIT = "filing.submit"
    FILING_REVIEW = "filing.review"
    SUMMARY_VIEW = "summary.view"  # county and city summaries of accepted filings: staff only
    WARNING_VIEW = "warning.view"
    WARNING_HANDLE = "warning.handle"  # also: decide on an institution's justification, mark a false alarm
    BREACH_ANSWER = "breach.answer"  # an institution reads its own rule breaches and justifies them
    RULEBOOK_VIEW = "rulebook.view"
    RULEBOOK_REPLAY = "rulebook.replay"  # replay a changed rule over past filings (nothing stored): supervisors
    API_TOKEN_MANAGE = "api_token.manage"
    LOAN_FEED_SUBMIT = "loan_feed.submit"  # upload loan-level data: microloan companies only (can_feed_loans)
    LOAN_BATCH_VIEW = "loan_batch.view"  # the batches received: a company its own, staff their jurisdiction's
    LOAN_MONITOR_VIEW = "loan_monitor.view"  # the loan rules' results per company: staff; a company its own
    RELATION_VIEW = "relation.view"  # the ownership and related-party graph: staff only
    # On-site supervision (finsup.inspections). Institutions see only their rectification (scoping).
    INSPECTION_VIEW = "inspection.view"
    INSPECTION_RUN = "inspection.run"  # plan, notify, inspect, record findings, review rectification, propose measures
    INSPECTION_PLAN_APPROVE = "inspection_plan.approve"
    INTERVIEW_RUN = "interview.run"
    MEASURE_DECIDE = "measure.decide"  # leaders only: a measure is decided by a leader, with reasons
    RECTIFICATION_FILE = "rectification.file"
    # Classification rating (finsup.ratings). Where (county or city office) is checked by the services.
    RATING_VIEW = "rating.view"  # staff: the cycles and ratings of their jurisdiction; institutions: their own
    RATING_INITIAL = "rating.initial"  # the county's initial rating (scores and reasons)
    RATING_REVIEW = "rating.review"  # the city: open a cycle, draw the sample, re-rate, decide appeals
    RATING_FINALISE = "rating.finalise"  # the city's leader finalises a cycle
    RATING_APPEAL = "rating.appeal"  # an institution appeals its final rating, once
    # Annual review, licensing pre-review, fit-and-proper (finsup.licensing). County or city: the services.
    LICENSING_VIEW = "licensing.view"  # staff: applications of their jurisdiction; institutions: their own
    APPLICATION_FILE = "application.file"  # institutions file their own; clerks file for promoters
    APPLICATION_REVIEW = "application.review"  # the county's initial review, the city's review
    APPLICATION_DECIDE = "application.decide"  # leaders: approve, refuse or forward to the province
    ANNUAL_REVIEW_VIEW = "annual_review.view"  # staff only
    ANNUAL_REVIEW_RUN = "annual_review.run"  # open a review, judge the checklist
    ANNUAL_REVIEW_CONCLUDE = "annual_review.conclude"
    FIT_AND_PROPER_DECIDE = "fit_and_proper.decide"
    # Complaints and tip-offs, major risk incidents (finsup.complaints). Where: scoping and the services.
    COMPLAINT_VIEW = "complaint.view"  # staff only: complaints routed to their jurisdiction
    COMPLAINT_HANDLE = "complaint.handle"  # accept, decline, investigate, record the result, notes, referrals
    COMPLAINT_PUBLISH = "complaint.publish"  # publish the redacted result on the portal
    INCIDENT_VIEW = "incident.view"
    INCIDENT_REPORT = "incident.report"  # institutions report their own; offices any in their jurisdiction
    INCIDENT_HANDLE = "incident.handle"  # acknowledge, keep the emergency-response log, link, close
    # Outreach (finsup.outreach): campaign plans, events, materials, reach figures, yearly summary.
    OUTREACH_VIEW = "outreach.view"  # staff: the campaigns of their jurisdiction
    OUTREACH_MANAGE = "outreach.manage"  # plan campaigns, record events and reach, publish materials
    # Accountability (finsup.accountability): the office's own overdue duties, cases and transfers.
    DUTY_ACCOUNT_VIEW = "duty_account.view"  # the office's overdue duties, computed: staff and oversight
    CASE_VIEW = "case.view"  # accountability cases and their transfers: leaders, auditors, oversight bodies
    CASE_MANAGE = "case.manage"  # open, investigate, decide, close, send and supervise transfers: leaders
    TRANSFER_RESPOND = "transfer.respond"  # accept, return or conclude a transfer addressed to one's own body
    # The archive (finsup.archives): closed matters archived with an archive number, their packages.
    ARCHIVE_VIEW = "archive.view"  # the office's archive register and entries: office staff
    ARCHIVE_FILE = "archive.file"  # archive a closed matter of one's own office: leaders, lead supervisors, clerks
    # Administrative penalties (finsup.penalties): inspecting staff prepare the case and its papers,
    # a leader approves the opening and decides (《行政处罚法》第五十四条、第五十七条).
    PENALTY_VIEW = "penalty.view"
    PENALTY_PREPARE = "penalty.prepare"
    PENALTY_DECIDE = "penalty.decide"
    # Login security (finsup.accounts.second_factor): remove a user's lost authenticator.
    OTP_RESET = "otp.reset"  # leaders, for the users of their jurisdiction (never their own)
    # Official documents (finsup.documents): a draft is checked (核稿) by a lead supervisor or leader who
    # did not draft it, and signed off (签发) by a leader of the issuing office itself.
    DOCUMENT_CHECK = "document.check"
    DOCUMENT_SIGN_OFF = "document.sign_off"
    # A signed-off document addressed to an institution is delivered in the platform (电子送达) and
    # acknowledged by the institution's users; office staff record a paper delivery (送达回证).
    DOCUMENT_DELIVER = "document.deliver"
    DOCUMENT_ACKNOWLEDGE = "document.acknowledge"
    # The exchange with the province's systems (finsup.exchange): the city's and the province's staff.
    EXCHANGE_VIEW = "exchange.view"  # the exports to the province and their receipts
    EXCHANGE_EXPORT = "exchange.export"  # export a document for the province, record its receipt
    # Special surveys (finsup.surveys, duty ㉓): an office defines a survey, sends it to institutions or
    # offices below it (which may forward it on), and they answer; the services check where.
    SURVEY_VIEW = "survey.view"  # staff: surveys of their jurisdiction; institutions: those sent to them
    SURVEY_MANAGE = "survey.manage"  # define, send, forward and re-run surveys: leaders, lead supervisors, clerks
    SURVEY_ANSWER = "survey.answer"  # answer a survey sent to one's institution or office
    # The province as a working level (issue 18): it decides the final ratings of a cycle the city
    # submitted (each confirmed or adjusted with reasons, then published) and the measures only it
    # may take (V(2), revocation) the city asked for. The services check the office is the province.
    RATING_PROVINCE_REVIEW = "rating.province_review"  # confirm or adjust one institution's final rating
    RATING_PROVINCE_PUBLISH = "rating.province_publish"  # publish the cycle's final results: leaders
    MEASURE_PROVINCE_DECIDE = "measure.province_decide"  # approve or refuse a V(2) or revocation: leaders
    # An inspection carried out before the platform was in use, entered from the office's ledger (补录).
    INSPECTION_RECORD_PAST = "inspection.record_past"
    # Illegal fundraising (duty ⑩, finsup.fundraising): staff only.
    FUNDRAISING_VIEW = "fundraising.view"  # the register of suspected entities, the index, the backtest
    FUNDRAISING_HANDLE = "fundraising.handle"  # register entities, add texts, record disposal steps
    FUNDRAISING_WEIGHTS = "fundraising.weights"  # save a new version of the index's weights: leaders
    # The duty register (履职台账, finsup.worklog): staff only.
    WORKLOG_VIEW = "worklog.view"  # the register of the 27 items, an item's tasks and work records
    WORKLOG_RECORD = "worklog.record"  # record a task done, a meeting, a document or a linked record
    WORKLOG_PLAN = "worklog.plan"  # name who answers for an item, set and stop the office's tasks
    # Resident institutions and partners (finsup.partners) and the monthly analysis (finsup.analysis).
    PARTNER_VIEW = "partner.view"  # the register of resident institutions and partners, their major matters
    PARTNER_MANAGE = "partner.manage"  # register a partner, record a major matter
    ANALYSIS_VIEW = "analysis.view"  # the monthly financial operation analysis: figures and charts
    ANALYSIS_MANAGE = "analysis.manage"  # open a month (send its survey), draft the analysis document
    LISTING_VIEW = "listing.view"  # the reserve of companies preparing to list, a company, the yearly figures
    LISTING_HANDLE = "listing.handle"  # enter companies, stages, subsidies and payments, restructurings, opinions
    # Practitioner qualification (从业人员资格认定, duty ㉕, finsup.qualifications).
    QUALIFICATION_VIEW = "qualification.view"  # staff: their jurisdiction's practitioners; institutions: their own
    QUALIFICATION_REGISTER = "qualification.register"  # register a candidate: institutions their own, office editors
    QUALIFICATION_MANAGE = "qualification.manage"  # record training and exams, issue and revoke certificates
    ASSOCIATION_VIEW = "association.view"  # self-regulatory organisations (duty ㉖) and their guidance: staff
    ASSOCIATION_MANAGE = "association.manage"  # register an organisation, record the office's guidance
    # Governance and internal-control assessments (法人治理和内控评估, duty ㉗, finsup.governance): staff only.
    GOVERNANCE_VIEW = "governance.view"  # the assessments of their jurisdiction's institutions
    GOVERNANCE_ASSESS = "governance.assess"  # submit an assessment (a new version, never an overwrite)


_READ = {
    Action.DASHBOARD_VIEW,
    Action.INSTITUTION_VIEW,
    Action.INSTITUTION_EXPORT,
    Action.FILING_VIEW,
    Action.SUMMARY_VIEW,
    Action.WARNING_VIEW,
    Action.RULEBOOK_VIEW,
    Action.LOAN_BATCH_VIEW,
    Action.LOAN_MONITOR_VIEW,
    Action.RELATION_VIEW,
    Action.INSPECTION_VIEW,
    Action.RATING_VIEW,
    Action.LICENSING_VIEW,
    Action.ANNUAL_REVIEW_VIEW,
}
_EDIT = _READ | {Action.INSTITUTION_CHANGE, Action.INSTITUTION_IMPORT, Action.FILING_REVIEW}

_INSPECT = {Action.INSPECTION_RUN, Action.INTERVIEW_RUN}
_RATE = {Action.RATING_INITIAL, Action.RATING_REVIEW}
_LICENSE = {Action.APPLICATION_FILE, Action.APPLICATION_REVIEW, Action.ANNUAL_REVIEW_RUN}
_LICENSE_JUDGE = {Action.ANNUAL_REVIEW_CONCLUDE, Action.FIT_AND_PROPER_DECIDE}

POLICY: dict[str, frozenset[Action]] = {
    Role.LEADER: frozenset(
        _EDIT
        | {Action.AUDIT_VIEW, Action.WARNING_HANDLE}
        | {Action.INSPECTION_PLAN_APPROVE, Action.INTERVIEW_RUN, Action.MEASURE_DECIDE}
        | _RATE
        | {Action.RATING_FINALISE}
        | _LICENSE
        | _LICENSE_JUDGE
        | {Action.APPLICATION_DECIDE}
        | {Action.OTP_RESET}
        | {Action.DOCUMENT_CHECK, Action.DOCUMENT_SIGN_OFF, Action.DOCUMENT_DELIVER}
    ),
    Role.LEAD_SUPERVISOR: frozenset(
        _EDIT
        | {Action.WARNING_HANDLE}
        | _INSPECT
        | _RATE
        | _LICENSE
        | _LICENSE_JUDGE
        | {Action.DOCUMENT_CHECK, Action.DOCUMENT_DELIVER}
    ),
    Role.CLERK: frozenset(_EDIT | _LICENSE | {Action.DOCUMENT_DELIVER}),
    Role.INSPECTOR: frozenset(_READ | _INSPECT | {Action.DOCUMENT_DELIVER}),
    Role.AUDITOR: frozenset(_READ | {Action.AUDIT_VIEW}),
    Role.INSTITUTION: frozenset(
        {
            Action.DASHBOARD_VIEW,
            Action.INSTITUTION_VIEW,
            Action.FILING_VIEW,
            Action.FILING_SUBMIT,
            Action.API_TOKEN_MANAGE,
            Action.LOAN_FEED_SUBMIT,
            Action.LOAN_BATCH_VIEW,
            Action.LOAN_MONITOR_VIEW,
            Action.BREACH_ANSWER,
            Action.INSPECTION_VIEW,
            Action.RECTIFICATION_FILE,
            Action.RATING_VIEW,
            Action.RATING_APPEAL,
            Action.LICENSING_VIEW,
            Action.APPLICATION_FILE,
            Action.DOCUMENT_ACKNOWLEDGE,
        }
    ),
}

# Complaints and incidents, added to the roles above in one place.
_COMPLAINT_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.COMPLAINT_VIEW, Action.COMPLAINT_HANDLE, Action.COMPLAINT_PUBLISH}
    | {Action.INCIDENT_VIEW, Action.INCIDENT_REPORT, Action.INCIDENT_HANDLE},
    Role.LEAD_SUPERVISOR: {Action.COMPLAINT_VIEW, Action.COMPLAINT_HANDLE, Action.COMPLAINT_PUBLISH}
    | {Action.INCIDENT_VIEW, Action.INCIDENT_REPORT, Action.INCIDENT_HANDLE},
    Role.CLERK: {Action.COMPLAINT_VIEW, Action.COMPLAINT_HANDLE, Action.INCIDENT_VIEW, Action.INCIDENT_REPORT},
    Role.INSPECTOR: {Action.COMPLAINT_VIEW, Action.INCIDENT_VIEW},
    Role.AUDITOR: {Action.COMPLAINT_VIEW, Action.INCIDENT_VIEW},
    Role.INSTITUTION: {Action.INCIDENT_VIEW, Action.INCIDENT_REPORT},
}
POLICY = {role: actions | _COMPLAINT_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# Outreach and accountability, added in one place. The oversight bodies read the cases, their
# transfers and the audit trail of the office they are attached to, and answer transfers to them.
_ACCOUNTABILITY_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.OUTREACH_VIEW, Action.OUTREACH_MANAGE}
    | {Action.DUTY_ACCOUNT_VIEW, Action.CASE_VIEW, Action.CASE_MANAGE, Action.TRANSFER_RESPOND},
    Role.LEAD_SUPERVISOR: {Action.OUTREACH_VIEW, Action.OUTREACH_MANAGE, Action.DUTY_ACCOUNT_VIEW},
    Role.CLERK: {Action.OUTREACH_VIEW, Action.OUTREACH_MANAGE, Action.DUTY_ACCOUNT_VIEW},
    Role.INSPECTOR: {Action.OUTREACH_VIEW, Action.DUTY_ACCOUNT_VIEW},
    Role.AUDITOR: {Action.OUTREACH_VIEW, Action.DUTY_ACCOUNT_VIEW, Action.CASE_VIEW},
    Role.OVERSIGHT: {Action.DUTY_ACCOUNT_VIEW, Action.CASE_VIEW, Action.TRANSFER_RESPOND, Action.AUDIT_VIEW},
}
POLICY = {
    role: POLICY.get(role, frozenset()) | _ACCOUNTABILITY_ACTIONS.get(role, set())
    for role in set(POLICY) | set(_ACCOUNTABILITY_ACTIONS)
}

# Administrative penalties, added in one place: every office role reads the cases of its jurisdiction.
_PENALTY_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.PENALTY_VIEW, Action.PENALTY_DECIDE},
    Role.LEAD_SUPERVISOR: {Action.PENALTY_VIEW, Action.PENALTY_PREPARE},
    Role.INSPECTOR: {Action.PENALTY_VIEW, Action.PENALTY_PREPARE},
    Role.CLERK: {Action.PENALTY_VIEW},
    Role.AUDITOR: {Action.PENALTY_VIEW},
}
POLICY = {role: actions | _PENALTY_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# The rulebook's impact replay: those who handle the warnings a rule opens decide when it goes live.
POLICY = {
    role: actions | ({Action.RULEBOOK_REPLAY} if role in (Role.LEADER, Role.LEAD_SUPERVISOR) else set())
    for role, actions in POLICY.items()
}


# The archive, added in one place. Every office role reads the register of its jurisdiction; a
# matter is archived by its own office (the services check the office) by whoever answers for the
# file: the leader, the lead supervisor, or the clerk, who keeps the office's records (档案员).
# Inspectors and auditors read only; institutions and the oversight bodies never see the register.
_ARCHIVE_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.ARCHIVE_VIEW, Action.ARCHIVE_FILE},
    Role.LEAD_SUPERVISOR: {Action.ARCHIVE_VIEW, Action.ARCHIVE_FILE},
    Role.CLERK: {Action.ARCHIVE_VIEW, Action.ARCHIVE_FILE},
    Role.INSPECTOR: {Action.ARCHIVE_VIEW},
    Role.AUDITOR: {Action.ARCHIVE_VIEW},
}
POLICY = {role: actions | _ARCHIVE_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# The exchange with the province, added in one place: those who file and review read and export;
# auditors read. Only at the city and the province (the services and pages check the level).
_EXCHANGE_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.EXCHANGE_VIEW, Action.EXCHANGE_EXPORT},
    Role.LEAD_SUPERVISOR: {Action.EXCHANGE_VIEW, Action.EXCHANGE_EXPORT},
    Role.CLERK: {Action.EXCHANGE_VIEW, Action.EXCHANGE_EXPORT},
    Role.AUDITOR: {Action.EXCHANGE_VIEW},
}
POLICY = {role: actions | _EXCHANGE_ACTIONS.get(role, set()) for role, actions in POLICY.items()}


def can_exchange_with_province(user) -> bool:
    """The exchange page: its role's action, at the city or the province."""
    from .choices import OfficeLevel

    return may(user, Action.EXCHANGE_VIEW, levels=(OfficeLevel.CITY, OfficeLevel.PROVINCE))


# Special surveys, added in one place. Every office role reads the surveys of its jurisdiction; those
# who keep the office's business (leaders, lead supervisors, clerks) define, send, forward and answer
# them for their office; an institution's users answer the surveys sent to their institution.
_SURVEY_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.SURVEY_VIEW, Action.SURVEY_MANAGE, Action.SURVEY_ANSWER},
    Role.LEAD_SUPERVISOR: {Action.SURVEY_VIEW, Action.SURVEY_MANAGE, Action.SURVEY_ANSWER},
    Role.CLERK: {Action.SURVEY_VIEW, Action.SURVEY_MANAGE, Action.SURVEY_ANSWER},
    Role.INSPECTOR: {Action.SURVEY_VIEW},
    Role.AUDITOR: {Action.SURVEY_VIEW},
    Role.INSTITUTION: {Action.SURVEY_VIEW, Action.SURVEY_ANSWER},
}
POLICY = {role: actions | _SURVEY_ACTIONS.get(role, set()) for role, actions in POLICY.items()}
# The province's decisions, added in one place (the services require the province's level).
_PROVINCE_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.RATING_PROVINCE_REVIEW, Action.RATING_PROVINCE_PUBLISH, Action.MEASURE_PROVINCE_DECIDE},
    Role.LEAD_SUPERVISOR: {Action.RATING_PROVINCE_REVIEW},
}
POLICY = {role: actions | _PROVINCE_ACTIONS.get(role, set()) for role, actions in POLICY.items()}


def roles_with(action: Action) -> frozenset[str]:
    """The roles whose policy holds `action` (for a staff picker: who may do the step)."""
    return frozenset(role for role, actions in POLICY.items() if action in actions)


def can(user, action: Action) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return action in POLICY.get(user.role, frozenset())


def can_feed_loans(user) -> bool:
    """Loan-level data comes only from microloan companies: the role must have the action and the
    user's institution must say it feeds loans (`Institution.feeds_loans`: the registry knows its
    kinds, the policies do not; the feed service checks the kind again)."""
    return can(user, Action.LOAN_FEED_SUBMIT) and user.institution.feeds_loans


def can_view_loan_batches(user) -> bool:
    """Staff see the batches of their jurisdiction (scoping); of the institutions, only microloan companies."""
    if not can(user, Action.LOAN_BATCH_VIEW):
        return False
    return can_feed_loans(user) if user.is_institution_user else True


def _oversight_reads_the_office(user) -> bool:
    """Of the oversight bodies, the discipline commission reads the office's own records (its audit
    trail, its overdue duties); the others read only the cases sent to them."""
    from .choices import OversightBody

    return not user.is_oversight_user or user.oversight_body == OversightBody.DISCIPLINE


def can_view_duty_account(user) -> bool:
    return can(user, Action.DUTY_ACCOUNT_VIEW) and _oversight_reads_the_office(user)


def can_view_audit_trail(user) -> bool:
    """Leaders and auditors of the office, and the discipline commission."""
    return can(user, Action.AUDIT_VIEW) and _oversight_reads_the_office(user)


# Passed for `office` or `institution` when the caller names none: nothing to check.
_NOT_GIVEN: Any = object()


def _refusal(user, action: Action | None, office, institution, levels: Collection[str] | None) -> str | None:
    """Which check `user` fails ("denied", "outside", "foreign": another institution's, or "level"),
    or None when every one passes."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "denied"
    if action is None:
        if user.office_id is None:
            return "denied"
    elif not can(user, action):
        return "denied"
    if office is not _NOT_GIVEN or institution is not _NOT_GIVEN:
        if user.is_institution_user:
            if institution is _NOT_GIVEN or institution is None:
                return "denied"
            if user.institution_id != institution.pk:
                return "foreign"
        else:
            where = office if office is not _NOT_GIVEN else getattr(institution, "county", None)
            if where is None or user.office is None or not user.office.contains(where):
                return "outside"
    if levels is not None and (user.office is None or user.office.level not in levels):
        return "level"
    return None


def may(
    user, action: Action | None, *, office=_NOT_GIVEN, institution=_NOT_GIVEN, levels: Collection[str] | None = None
) -> bool:
    """Whether `require` with the same arguments would let `user` through."""
    return _refusal(user, action, office, institution, levels) is None


def require(
    user,
    action: Action | None,
    *,
    office=_NOT_GIVEN,
    institution=_NOT_GIVEN,
    levels: Collection[str] | None = None,
    denied: str | None = None,
    outside: str | None = None,
    wrong_level: str | None = None,
) -> None:
    """Raises PermissionDenied (403) unless `user` may take `action` here, or OutOfScope (404, a
    PermissionDenied too) when the place is outside the user's jurisdiction. In this order:

    1. the user is active and their role has `action` (`denied`). With `action=None` the caller
       decides which roles may act, and only office staff pass;
    2. where, when `office` or `institution` is named. Staff: their office is `office` (else the
       institution's county) or above it (`outside`, OutOfScope). Institution users act only for
       their own `institution` (another one's: `denied`'s message, OutOfScope) and never for an
       office (`denied`). Naming None means there is none: nobody passes;
    3. `levels`: the user's office is of one of these levels (`wrong_level`).

    Each message is the one users read; `outside` defaults to `denied`, `wrong_level` to `outside`.
    """
    failed = _refusal(user, action, office, institution, levels)
    if failed is None:
        return
    denied = denied or _("You may not do this.")
    outside = outside or denied
    message = {"denied": denied, "foreign": denied, "outside": outside, "level": wrong_level or outside}[failed]
    if failed in ("outside", "foreign"):
        raise OutOfScope(str(message))
    raise PermissionDenied(str(message))


# Entering the inspections an office carried out before the platform was in use (补录) from its own
# ledger: the lead supervisor who answers for the duties, or the clerk who keeps the records.
_PAST_INSPECTION_ROLES = (Role.LEAD_SUPERVISOR, Role.CLERK)
POLICY = {
    role: actions | ({Action.INSPECTION_RECORD_PAST} if role in _PAST_INSPECTION_ROLES else set())
    for role, actions in POLICY.items()
}

# Illegal fundraising, added in one place: every office role reads the register of its jurisdiction;
# those who handle complaints handle it; leaders set the index's weights.
_FUNDRAISING_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.FUNDRAISING_VIEW, Action.FUNDRAISING_HANDLE, Action.FUNDRAISING_WEIGHTS},
    Role.LEAD_SUPERVISOR: {Action.FUNDRAISING_VIEW, Action.FUNDRAISING_HANDLE},
    Role.CLERK: {Action.FUNDRAISING_VIEW, Action.FUNDRAISING_HANDLE},
    Role.INSPECTOR: {Action.FUNDRAISING_VIEW, Action.FUNDRAISING_HANDLE},
    Role.AUDITOR: {Action.FUNDRAISING_VIEW},
}
POLICY = {role: actions | _FUNDRAISING_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# The duty register, added in one place: every office role reads the register of its jurisdiction;
# those who do the office's work record it; leaders and lead supervisors set who answers for an
# item and the tasks the office sets itself.
_WORKLOG_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.WORKLOG_VIEW, Action.WORKLOG_RECORD, Action.WORKLOG_PLAN},
    Role.LEAD_SUPERVISOR: {Action.WORKLOG_VIEW, Action.WORKLOG_RECORD, Action.WORKLOG_PLAN},
    Role.CLERK: {Action.WORKLOG_VIEW, Action.WORKLOG_RECORD},
    Role.INSPECTOR: {Action.WORKLOG_VIEW, Action.WORKLOG_RECORD},
    Role.AUDITOR: {Action.WORKLOG_VIEW},
}
POLICY = {role: actions | _WORKLOG_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# Resident institutions and partners, and the monthly analysis, added in one place: every office role
# reads them; those who keep the office's registers write them. A partner's own users (the bank's
# statistician) answer the surveys sent to their institution and see nothing else.
_PARTNER_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.PARTNER_VIEW, Action.PARTNER_MANAGE, Action.ANALYSIS_VIEW, Action.ANALYSIS_MANAGE},
    Role.LEAD_SUPERVISOR: {Action.PARTNER_VIEW, Action.PARTNER_MANAGE, Action.ANALYSIS_VIEW, Action.ANALYSIS_MANAGE},
    Role.CLERK: {Action.PARTNER_VIEW, Action.PARTNER_MANAGE, Action.ANALYSIS_VIEW, Action.ANALYSIS_MANAGE},
    Role.INSPECTOR: {Action.PARTNER_VIEW, Action.ANALYSIS_VIEW},
    Role.AUDITOR: {Action.PARTNER_VIEW, Action.ANALYSIS_VIEW},
}
POLICY = {role: actions | _PARTNER_ACTIONS.get(role, set()) for role, actions in POLICY.items()}
POLICY[Role.PARTNER] = frozenset({Action.SURVEY_VIEW, Action.SURVEY_ANSWER})

# The listing pipeline (duties ⑮⑯⑰), added in one place: every office role reads the reserve of
# its jurisdiction; those who do the office's work keep it. An opinion is signed off by a leader in
# the register of documents, under the documents' own rule.
_LISTING_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: {Action.LISTING_VIEW, Action.LISTING_HANDLE},
    Role.LEAD_SUPERVISOR: {Action.LISTING_VIEW, Action.LISTING_HANDLE},
    Role.CLERK: {Action.LISTING_VIEW, Action.LISTING_HANDLE},
    Role.INSPECTOR: {Action.LISTING_VIEW, Action.LISTING_HANDLE},
    Role.AUDITOR: {Action.LISTING_VIEW},
}
POLICY = {role: actions | _LISTING_ACTIONS.get(role, set()) for role, actions in POLICY.items()}

# Practitioner qualification, added in one place: every office role reads the practitioners of its
# jurisdiction and an institution its own; an institution registers its candidates; the office's
# leaders, lead supervisors and clerks record training and exams and issue and revoke certificates.
# Self-regulatory organisations and governance assessments likewise, for office staff only: every
# office role reads them, the same three register organisations, record guidance and assess.
_PEOPLE_READS = {Action.QUALIFICATION_VIEW, Action.ASSOCIATION_VIEW, Action.GOVERNANCE_VIEW}
_PEOPLE_WRITES = {
    Action.QUALIFICATION_REGISTER,
    Action.QUALIFICATION_MANAGE,
    Action.ASSOCIATION_MANAGE,
    Action.GOVERNANCE_ASSESS,
}
_PEOPLE_ACTIONS: dict[str, set[Action]] = {
    Role.LEADER: _PEOPLE_READS | _PEOPLE_WRITES,
    Role.LEAD_SUPERVISOR: _PEOPLE_READS | _PEOPLE_WRITES,
    Role.CLERK: _PEOPLE_READS | _PEOPLE_WRITES,
    Role.INSPECTOR: _PEOPLE_READS,
    Role.AUDITOR: _PEOPLE_READS,
    Role.INSTITUTION: {Action.QUALIFICATION_VIEW, Action.QUALIFICATION_REGISTER},
}
POLICY = {role: actions | _PEOPLE_ACTIONS.get(role, set()) for role, actions in POLICY.items()}
