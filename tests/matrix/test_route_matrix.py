"""Every route × every kind of user. A route missing from ROUTES fails the test, so a new
page cannot ship without its access rule. Expected codes come from this table, not from the
policy code under test: allowed pages answer 200, anything outside a user's role or
jurisdiction answers 404, and anonymous users are sent to the login page (401 on the API)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from finsup.accounts.tokens import api_token_create
from finsup.graph.models import DeclaredHolding
from finsup.institutions.models import KeyPerson, RelatedParty, Shareholder, ShareholderGroup
from finsup.monitoring.services import warning_open
from finsup.notifications.models import Notification
from finsup.notifications.services import notify
from tests import factories as f
from tests.conftest import CITY, make_world

STAFF_ROLES = ["leader", "lead_supervisor", "inspector", "clerk", "auditor"]
EDITORS = {"leader", "lead_supervisor", "clerk"}
AUDIT_READERS = {"leader", "auditor", "oversight"}  # of the oversight bodies, the discipline commission
WARNING_HANDLERS = {"leader", "lead_supervisor"}

# Users: "anon"; "<office>:<role>" for office in city, lanshan (the institution's county) and
# luozhuang (another county); "inst:own" (the institution's user) and "inst:other"; and the users of
# the oversight bodies: "<office>:oversight" is one of the discipline commission (the body that reads
# the office's own records) attached to that office, "city:<body>" one of each other body at the city.
OTHER_BODIES = ["procuratorate", "legal_affairs", "police", "court"]
OVERSIGHT_USERS = ["city:oversight", "lanshan:oversight", "luozhuang:oversight"] + [f"city:{b}" for b in OTHER_BODIES]
USERS = (
    ["anon"]
    + [f"{o}:{r}" for o in ("city", "lanshan", "luozhuang") for r in STAFF_ROLES]
    + ["inst:own", "inst:other"]
    + OVERSIGHT_USERS
    + ["partner:own", "partner:other"]  # a resident bank's statistics users (finsup.partners): surveys only
)
PARTNER_USERS = {"partner:own", "partner:other"}


def _split(user_key):
    office, _, role = user_key.partition(":")
    return office, role


def _is_staff(user_key):
    return _split(user_key)[1] in STAFF_ROLES


def public(user_key, **_):
    return 200


def login_page(user_key, **_):
    return 200 if user_key == "anon" else 302


def authenticated(user_key, **_):
    return 302 if user_key == "anon" else 200


def dashboard(user_key, **_):
    """Everyone logged in has a dashboard, except the oversight bodies, sent on to their cases, and a
    resident bank's users, sent on to the surveys they answer."""
    return 302 if user_key == "anon" or user_key in OVERSIGHT_USERS or user_key in PARTNER_USERS else 200


def rule(*, roles: set[str] | None, institution_user: bool, scoped: bool, ok: int = 200, anon: int = 302):
    """roles: staff roles allowed (None = all office staff; the oversight role only when named);
    scoped: the route names the Lanshan institution."""

    def expected(user_key):
        office, role = _split(user_key)
        if user_key == "anon":
            return anon
        if office == "inst":
            if not institution_user:
                return 404
            return ok if (role == "own" or not scoped) else 404
        if role not in (set(STAFF_ROLES) if roles is None else roles):
            return 404
        if scoped and office == "luozhuang":
            return 404
        return ok

    return expected


VIEW_LIST = rule(roles=None, institution_user=True, scoped=False)
VIEW_OBJ = rule(roles=None, institution_user=True, scoped=True)
# Oversight bodies holding a case read, read-only, the records it links ({case}, sent to the
# discipline commission, links the Lanshan institution and its filing {sub}): the discipline
# commission of the city and of Lanshan; not Luozhuang's, nor the bodies it was not sent to.
CASE_HOLDERS = {"city:oversight", "lanshan:oversight"}


def VIEW_OBJ_OR_CASE(user_key, **_):  # noqa: N802
    return 200 if user_key in CASE_HOLDERS else VIEW_OBJ(user_key)


EDIT_LIST = rule(roles=EDITORS, institution_user=False, scoped=False)
EDIT_OBJ = rule(roles=EDITORS, institution_user=False, scoped=True)
EDIT_OBJ_POST_ONLY = rule(roles=EDITORS, institution_user=False, scoped=True, ok=405)
EXPORT = rule(roles=None, institution_user=False, scoped=False)
STAFF_OBJ = rule(roles=None, institution_user=False, scoped=True)  # staff only, within their jurisdiction
AUDIT = rule(roles=AUDIT_READERS, institution_user=False, scoped=False)
FILE_REPORT = rule(roles=set(), institution_user=True, scoped=False)  # institution users file their own
INSTITUTION_POST_ONLY = rule(roles=set(), institution_user=True, scoped=False, ok=405)
REVIEW_POST_ONLY = rule(roles=EDITORS, institution_user=False, scoped=False, ok=405)
FUNDRAISING_HANDLERS = {"leader", "lead_supervisor", "clerk", "inspector"}
FUNDRAISING_HANDLE = rule(roles=FUNDRAISING_HANDLERS, institution_user=False, scoped=False)
FUNDRAISING_HANDLE_OBJ_POST_ONLY = rule(roles=FUNDRAISING_HANDLERS, institution_user=False, scoped=True, ok=405)
WORKLOG_PLANNERS = {"leader", "lead_supervisor"}
WORKLOG_RECORDERS = {"leader", "lead_supervisor", "clerk", "inspector"}
WORKLOG_PLAN_POST_ONLY = rule(roles=WORKLOG_PLANNERS, institution_user=False, scoped=False, ok=405)
WORKLOG_RECORD_POST_ONLY = rule(roles=WORKLOG_RECORDERS, institution_user=False, scoped=False, ok=405)
WORKLOG_TASK_RECORD_POST_ONLY = rule(roles=WORKLOG_RECORDERS, institution_user=False, scoped=True, ok=405)
WORKLOG_TASK_PLAN_POST_ONLY = rule(roles=WORKLOG_PLANNERS, institution_user=False, scoped=True, ok=405)
LISTING_HANDLERS = {"leader", "lead_supervisor", "clerk", "inspector"}
LISTING_HANDLE = rule(roles=LISTING_HANDLERS, institution_user=False, scoped=False)
LISTING_HANDLE_OBJ_POST_ONLY = rule(roles=LISTING_HANDLERS, institution_user=False, scoped=True, ok=405)


# Practitioner qualification: institutions register their own candidates; office editors qualify them.
QUALIFICATION_REGISTER_POST_ONLY = rule(roles=EDITORS, institution_user=True, scoped=False, ok=405)
PDF_RETRY_POST_ONLY = rule(roles={"leader", "lead_supervisor"}, institution_user=False, scoped=True, ok=405)


def POST_ONLY_LOGGED_IN(user_key, **_):  # noqa: N802
    return 302 if user_key == "anon" else 405


API_LIST = rule(roles=None, institution_user=True, scoped=False, anon=401)
API_OBJ = rule(roles=None, institution_user=True, scoped=True, anon=401)
WARNING_LIST = rule(roles=None, institution_user=False, scoped=False)
WARNING_OBJ = rule(roles=None, institution_user=False, scoped=True)
WARNING_HANDLE_POST_ONLY = rule(roles=WARNING_HANDLERS, institution_user=False, scoped=True, ok=405)
WARNING_BULK_POST_ONLY = rule(roles=WARNING_HANDLERS, institution_user=False, scoped=False, ok=405)
SUMMARY_PAGE = rule(roles=None, institution_user=False, scoped=False)
SUMMARY_OF_LANSHAN = rule(roles=None, institution_user=False, scoped=True)  # the Lanshan office's summary
LOAN_MONITOR = rule(roles=None, institution_user=True, scoped=True)  # a microloan company's loan rules: staff, its own
# An institution's own rule breaches and their justification ({wb}: a breach of the Lanshan institution);
# staff read and decide them on the warning's pages. {jf}: the institution's justification, with a file.
BREACH_LIST = rule(roles=set(), institution_user=True, scoped=False)
BREACH_OBJ = rule(roles=set(), institution_user=True, scoped=True)
BREACH_JUSTIFY_POST_ONLY = rule(roles=set(), institution_user=True, scoped=True, ok=405)
JUSTIFICATION_FILE = rule(roles=None, institution_user=True, scoped=True)
RULE_REPLAY = rule(roles=WARNING_HANDLERS, institution_user=False, scoped=False)  # who handles what a rule opens


COMPLAINT_LIST = rule(roles=None, institution_user=False, scoped=False)  # staff only, never institutions
COMPLAINT_OBJ = rule(roles=None, institution_user=False, scoped=True)
INCIDENT_REPORT = rule(roles=EDITORS, institution_user=True, scoped=False)


RATERS = {"leader", "lead_supervisor"}
RATING_CYCLE = rule(roles=None, institution_user=False, scoped=False)  # run by the city, seen by every county
RATING_OF_LANSHAN = rule(roles=None, institution_user=False, scoped=True)  # not final: institutions don't see it
RATING_REVIEW_POST_ONLY = rule(roles=RATERS, institution_user=False, scoped=False, ok=405)
RATING_DECIDE_POST_ONLY = rule(roles=RATERS, institution_user=False, scoped=True, ok=405)


def RATING_FORM_OF_LANSHAN(user_key, **_):  # noqa: N802
    """The initial rating form: the Lanshan office's raters only (the city re-rates only its sample)."""
    office, role = _split(user_key)
    return 302 if user_key == "anon" else 200 if office == "lanshan" and role in RATERS else 404


def RATING_FINALISE_POST_ONLY(user_key, **_):  # noqa: N802
    return 302 if user_key == "anon" else 405 if _split(user_key)[1] == "leader" else 404


# Licensing (finsup.licensing): annual reviews are staff pages; institutions file and follow their applications.
STAFF_LIST = rule(roles=None, institution_user=False, scoped=False)
STAFF_OBJ = rule(roles=None, institution_user=False, scoped=True)
STAFF_OBJ_POST_ONLY = rule(roles=None, institution_user=False, scoped=True, ok=405)
APPLICATION_DOCUMENT_POST_ONLY = rule(roles=EDITORS, institution_user=True, scoped=True, ok=405)
LICENSING_JUDGES = {"leader", "lead_supervisor"}  # conclude a review, decide fit-and-proper
LICENSING_JUDGE = rule(roles=LICENSING_JUDGES, institution_user=False, scoped=True)
LICENSING_JUDGE_POST_ONLY = rule(roles=LICENSING_JUDGES, institution_user=False, scoped=True, ok=405)


# Inspections (finsup.inspections): {insp} a Lanshan inspection in rectification (so the institution sees
# it), {plan} the Lanshan plan, {mem} a team member, {ev} a working paper, {fnd} a finding.
RUNNERS = {"inspector", "lead_supervisor"}  # run inspections and review rectification
RUN_OBJ = rule(roles=RUNNERS, institution_user=False, scoped=True)
RUN_POST_ONLY = rule(roles=RUNNERS, institution_user=False, scoped=False, ok=405)
RUN_OBJ_POST_ONLY = rule(roles=RUNNERS, institution_user=False, scoped=True, ok=405)
PLAN_APPROVE_POST_ONLY = rule(roles={"leader"}, institution_user=False, scoped=True, ok=405)
RECTIFY_POST_ONLY = rule(roles=set(), institution_user=True, scoped=True, ok=405)


# Supervisory measures, executive interviews, timeline, case file (finsup.inspections, namespace
# "measures"): staff pages. {ms} a proposed measure about the Lanshan institution, {iv} an interview
# of it, {cfi} a planned inspection of it (the case file is a POST: an audited export).
MEASURE_PROPOSERS = {"leader", "lead_supervisor", "inspector"}  # leaders impose, inspecting staff propose
MEASURE_NEW = rule(roles=MEASURE_PROPOSERS, institution_user=False, scoped=True)
MEASURE_DECIDE_POST_ONLY = rule(roles={"leader"}, institution_user=False, scoped=True, ok=405)
INTERVIEW_NEW = rule(roles=MEASURE_PROPOSERS, institution_user=False, scoped=True)
INTERVIEW_POST_ONLY = rule(roles=MEASURE_PROPOSERS, institution_user=False, scoped=True, ok=405)
CASEFILE_POST_ONLY = rule(roles=None, institution_user=False, scoped=True, ok=405)


# The archive (finsup.archives): office staff read the register and the entries of their jurisdiction
# ({arc}: an archived, closed Lanshan inspection) and download packages (a POST: an audited export);
# the leaders, lead supervisors and clerks archive a closed matter ({arcm}: a closed Lanshan inspection
# not yet archived; the city's reach the handler, which refuses them: the county keeps its records).
# Institutions and the oversight bodies see none of it.
ARCHIVE_LIST = rule(roles=None, institution_user=False, scoped=False)
ARCHIVE_OBJ = rule(roles=None, institution_user=False, scoped=True)
ARCHIVE_OBJ_POST_ONLY = rule(roles=None, institution_user=False, scoped=True, ok=405)
ARCHIVE_MATTER_POST_ONLY = rule(roles=EDITORS, institution_user=False, scoped=True, ok=405)


# Outreach (finsup.outreach): staff pages for the office staff roles only (not the oversight bodies);
# {oc} a May campaign of the Lanshan office, {oev} an event of it, {omat} its published material.
OUTREACH_STAFF = set(STAFF_ROLES)
OUTREACH_LIST = rule(roles=OUTREACH_STAFF, institution_user=False, scoped=False)
OUTREACH_OBJ = rule(roles=OUTREACH_STAFF, institution_user=False, scoped=True)


# Accountability (finsup.accountability): leaders manage cases; leaders, auditors and the oversight
# bodies read them; every office user and the oversight bodies see the overdue duties.
# The other bodies read only the cases sent to them ({case} was sent to the discipline commission):
# their list is open (and empty), the case itself is not; the office's duties are not theirs to read.
CASE_READERS = {"leader", "auditor", "oversight"}
DUTIES = rule(roles=set(STAFF_ROLES) | {"oversight"}, institution_user=False, scoped=False)
CASE_LIST = rule(roles=CASE_READERS | set(OTHER_BODIES), institution_user=False, scoped=False)
CASE_OPEN = rule(roles={"leader"}, institution_user=False, scoped=False)
CASE_OBJ = rule(roles=CASE_READERS, institution_user=False, scoped=True)
CASE_OBJ_POST_ONLY = rule(roles=CASE_READERS, institution_user=False, scoped=True, ok=405)
CASE_MANAGE_POST_ONLY = rule(roles={"leader"}, institution_user=False, scoped=True, ok=405)
PENALTY_PREPARERS = {"inspector", "lead_supervisor"}
PENALTY_PROPOSE = rule(roles=PENALTY_PREPARERS, institution_user=False, scoped=False)
PENALTY_PREPARE_POST_ONLY = rule(roles=PENALTY_PREPARERS, institution_user=False, scoped=True, ok=405)
PENALTY_CHECK_POST_ONLY = rule(roles={"leader", "lead_supervisor"}, institution_user=False, scoped=True, ok=405)
PENALTY_LEAD_POST_ONLY = rule(roles={"leader"}, institution_user=False, scoped=True, ok=405)
TRANSFER_ANSWER_POST_ONLY = rule(roles={"leader", "oversight"}, institution_user=False, scoped=True, ok=405)


# Special surveys (finsup.surveys): every office role reads the surveys of its jurisdiction; the
# editors define, send, re-run and forward; a request is read by its respondent and the staff above.
_SURVEY_LIST = rule(roles=None, institution_user=True, scoped=False)


def API_SURVEY_LIST(user_key, **_):  # noqa: N802
    """The surveys sent to the caller: an institution's, or a resident bank's (its users' session)."""
    return 200 if user_key in PARTNER_USERS else API_LIST(user_key)


def SURVEY_LIST(user_key, **_):  # noqa: N802
    """Staff and institutions, and a resident bank's users: the surveys sent to them."""
    return 200 if user_key in PARTNER_USERS else _SURVEY_LIST(user_key)


SURVEY_OBJ = rule(roles=None, institution_user=False, scoped=True)
SURVEY_REQUEST_POST_ONLY = rule(roles=None, institution_user=True, scoped=True, ok=405)


def COUNTY_EDITORS(user_key, **_):  # noqa: N802
    """A county's own report form: the editors of a county office (the city files other reports)."""
    office, role = _split(user_key)
    return 302 if user_key == "anon" else 200 if office in ("lanshan", "luozhuang") and role in EDITORS else 404


# Inspections carried out before the platform was in use, entered from the office's ledger (补录).
PAST_RECORDERS = {"lead_supervisor", "clerk"}
PAST_INSPECTION = rule(roles=PAST_RECORDERS, institution_user=False, scoped=False)


def CITY_STAFF_ONLY(user_key, **_):  # noqa: N802
    """The city's consolidated statement: city staff only; county staff and institutions get 404."""
    office, role = _split(user_key)
    return 302 if user_key == "anon" else 200 if office == "city" and _is_staff(user_key) else 404


# route name → (path template, rule). {pk}: the Lanshan institution (a microloan company, as is the
# Luozhuang one); {sh}, {sg}, {kp}, {rp}: its rows; {w}: a risk warning about it; {lb}: a loan batch of it.
# The exchange with the province (finsup.exchange): the city's (and the province's) staff only; a
# county's staff, the institutions and the oversight bodies see none of it. {exp}: an export of the city.
EXCHANGE_READERS = {"leader", "lead_supervisor", "clerk", "auditor"}


def city_only(roles: set[str], *, ok: int = 200, anon: int = 302):
    def expected(user_key, **_):
        office, role = _split(user_key)
        if user_key == "anon":
            return anon
        return ok if office == "city" and role in roles else 404

    return expected


ROUTES = {
    "portal:home": ("/", public),
    "portal:responsibilities": ("/responsibilities/", public),
    "portal:directory": ("/directory/", public),
    "portal:contacts": ("/contacts/", public),
    "accounts:login": ("/accounts/login/", login_page),
    "accounts:logout": ("/accounts/logout/", lambda u: 405),  # POST only
    "accounts:password_change": ("/accounts/password/", authenticated),
    # Login security: the code step sends everyone on (nobody here has a login step left; anonymous
    # users to the login page); enrolment and one's own page for every user; leaders reset the
    # authenticator of a user of their jurisdiction ({u}: the Lanshan clerk).
    "accounts:otp_verify": ("/accounts/otp/", lambda u: 302),
    "accounts:otp_enrol": ("/accounts/otp/enrol/", authenticated),
    "accounts:security": ("/accounts/security/", authenticated),
    "accounts:otp_users": ("/accounts/security/users/", rule(roles={"leader"}, institution_user=False, scoped=False)),
    "accounts:otp_reset": (
        "/accounts/security/users/{u}/reset/",
        rule(roles={"leader"}, institution_user=False, scoped=True, ok=405),
    ),
    "accounts:api_tokens": ("/accounts/tokens/", FILE_REPORT),  # institution users manage their own tokens
    "accounts:api_token_revoke": ("/accounts/tokens/{tok}/revoke/", INSTITUTION_POST_ONLY),  # the own user's
    "dashboard:home": ("/dashboard/", dashboard),
    "dashboard:help": ("/dashboard/help/", authenticated),  # each role its own help
    "search:results": ("/search/?q=ab", authenticated),  # everyone logged in; each kind answers what the user may open
    "institutions:list": ("/institutions/", VIEW_LIST),
    "institutions:create": ("/institutions/new/", EDIT_LIST),
    "institutions:export": ("/institutions/export.xlsx", EXPORT),
    "institutions:import": ("/institutions/import/", EDIT_LIST),
    "institutions:import_template": ("/institutions/import/template.xlsx", EDIT_LIST),
    "institutions:detail": ("/institutions/{pk}/", VIEW_OBJ_OR_CASE),
    "institutions:edit": ("/institutions/{pk}/edit/", EDIT_OBJ),
    "institutions:status": ("/institutions/{pk}/status/", EDIT_OBJ),
    "institutions:shareholder_add": ("/institutions/{pk}/shareholders/new/", EDIT_OBJ),
    "institutions:shareholder_edit": ("/institutions/{pk}/shareholders/{sh}/", EDIT_OBJ),
    "institutions:shareholder_group_add": ("/institutions/{pk}/shareholder-groups/new/", EDIT_OBJ),
    "institutions:shareholder_group_edit": ("/institutions/{pk}/shareholder-groups/{sg}/", EDIT_OBJ),
    "institutions:key_person_add": ("/institutions/{pk}/people/new/", EDIT_OBJ),
    "institutions:key_person_edit": ("/institutions/{pk}/people/{kp}/", EDIT_OBJ),
    "institutions:training_add": ("/institutions/{pk}/people/{kp}/training/", EDIT_OBJ),
    "institutions:related_party_add": ("/institutions/{pk}/related/new/", EDIT_OBJ),
    "institutions:related_party_edit": ("/institutions/{pk}/related/{rp}/", EDIT_OBJ),
    "institutions:child_delete": ("/institutions/{pk}/shareholder/{sh}/delete/", EDIT_OBJ_POST_ONLY),
    "monitoring:warning_list": ("/warnings/", WARNING_LIST),
    "monitoring:warning_detail": ("/warnings/{w}/", WARNING_OBJ),
    "monitoring:warning_transition": ("/warnings/{w}/transition/", WARNING_HANDLE_POST_ONLY),
    "monitoring:warning_bulk_acknowledge": ("/warnings/acknowledge/", WARNING_BULK_POST_ONLY),
    "monitoring:institution_indicators": ("/warnings/institutions/{pk}/indicators/", WARNING_OBJ),
    "monitoring:breach_decide": ("/warnings/{wb}/decide/", WARNING_HANDLE_POST_ONLY),
    "monitoring:breach_list": ("/warnings/breaches/", BREACH_LIST),
    "monitoring:breach_detail": ("/warnings/breaches/{wb}/", BREACH_OBJ),
    "monitoring:breach_justify": ("/warnings/breaches/{wb}/justify/", BREACH_JUSTIFY_POST_ONLY),
    "monitoring:justification_attachment": ("/warnings/justifications/{jf}/attachment/", JUSTIFICATION_FILE),
    "loans:batch_list": ("/loans/", VIEW_LIST),
    "loans:upload": ("/loans/upload/", FILE_REPORT),  # microloan companies upload their own loans
    "loans:contract_file": ("/loans/contract/loans-v1.schema.json", VIEW_LIST),
    "loans:batch_detail": ("/loans/batches/{lb}/", VIEW_OBJ),
    "loans:company": ("/loans/companies/{pk}/", LOAN_MONITOR),
    "graph:city": ("/relations/", EXPORT),  # staff of every office; institutions never
    "graph:institution": ("/relations/institutions/{pk}/", STAFF_OBJ),
    "graph:declared_add": ("/relations/institutions/{pk}/declared/new/", EDIT_OBJ),
    "graph:declared_delete": ("/relations/institutions/{pk}/declared/{dh}/delete/", EDIT_OBJ_POST_ONLY),
    "loans:rule_loans": ("/loans/companies/{pk}/rules/loan_related_party/", LOAN_MONITOR),
    "reporting:list": ("/filings/?all=1", VIEW_LIST),
    "reporting:overdue": ("/filings/overdue/", EDIT_LIST),
    "reporting:rulebook": ("/filings/rules/", EXPORT),  # every staff role reads the rulebook
    "reporting:rule_replay": ("/filings/rules/replay/", RULE_REPLAY),
    "reporting:file": ("/filings/file/ml_monthly_business/2026-01/", FILE_REPORT),
    "reporting:excel_template": ("/filings/file/ml_monthly_business/2026-01/template.xlsx", FILE_REPORT),
    "reporting:excel_upload": ("/filings/upload/", FILE_REPORT),
    "reporting:detail": ("/filings/{sub}/", VIEW_OBJ_OR_CASE),
    "reporting:review": ("/filings/{sub}/accept/", REVIEW_POST_ONLY),
    "reporting:bulk_review": ("/filings/bulk/", REVIEW_POST_ONLY),
    "reporting:summaries": ("/filings/summaries/", SUMMARY_PAGE),
    "reporting:summary_excel": ("/filings/summaries/371302/2026H1.xlsx", SUMMARY_OF_LANSHAN),
    "reporting:summary_docx": ("/filings/summaries/371302/2026H1.docx", SUMMARY_OF_LANSHAN),
    "reporting:city_consolidated_excel": ("/filings/summaries/city/2026H1.xlsx", CITY_STAFF_ONLY),
    # An office's own reports (issue 18): {osub} is Lanshan's report to the city.
    "reporting:office_reports": ("/filings/office/", STAFF_LIST),
    "reporting:office_file": ("/filings/office/county_semiannual/2025H2/", COUNTY_EDITORS),
    "reporting:office_filing": ("/filings/office/filing/{osub}/", STAFF_OBJ),
    "reporting:office_receipt": ("/filings/office/filing/{osub}/receipt/", STAFF_OBJ),
    "reporting:office_review": ("/filings/office/filing/{osub}/accept/", REVIEW_POST_ONLY),
    "notifications:list": ("/notifications/", authenticated),
    "notifications:read_all": ("/notifications/read/", POST_ONLY_LOGGED_IN),
    "notifications:read": ("/notifications/{n}/read/", POST_ONLY_LOGGED_IN),  # {n}: the Lanshan clerk's
    "audit:list": ("/audit/", AUDIT),
    "api:openapi-json": ("/api/v1/openapi.json", public),
    "api:api-root": ("/api/v1/", lambda u: 404),  # no endpoint at the root
    "api:list_institutions": ("/api/v1/institutions/", API_LIST),
    "api:get_institution": ("/api/v1/institutions/{pk}", API_OBJ),
    "api:list_reports": ("/api/v1/reports", API_LIST),
    "api:get_report": ("/api/v1/reports/ml_monthly_business", API_LIST),
    "api:list_filings": ("/api/v1/filings", API_LIST),
    "api:file_report": ("/api/v1/filings", API_LIST),  # POST files; GET on the same path lists
    "api:get_filing": ("/api/v1/filings/{sub}", API_OBJ),
    "api:list_batches": ("/api/v1/loans/batches", API_LIST),
    "api:push_batch": ("/api/v1/loans/batches", API_LIST),  # POST pushes; GET on the same path lists
    "api:get_batch": ("/api/v1/loans/batches/{lb}", API_OBJ),
    # {doc}: a final document of the Lanshan office to the Lanshan institution, delivered to it in the
    # platform and not yet acknowledged (drafts: tests/documents). The register and the page are read by
    # staff and the institution; staff post the steps (the service refuses whom it must), the
    # institution acknowledges receipt; the receipt of service is printed by staff.
    "documents:register": ("/documents/", VIEW_LIST),
    "documents:detail": ("/documents/{doc}/", VIEW_OBJ),
    "documents:check": ("/documents/{doc}/check/", STAFF_OBJ_POST_ONLY),
    "documents:sign_off": ("/documents/{doc}/sign-off/", STAFF_OBJ_POST_ONLY),
    "documents:paper_delivery": ("/documents/{doc}/deliveries/paper/", STAFF_OBJ_POST_ONLY),
    "documents:acknowledge": (
        "/documents/{doc}/acknowledge/",
        rule(roles=set(), institution_user=True, scoped=True, ok=405),
    ),
    "documents:receipt": ("/documents/{doc}/receipt/", STAFF_OBJ),
    "documents:docx": ("/documents/{doc}/docx", VIEW_OBJ),
    "documents:pdf": ("/documents/{doc}/pdf", VIEW_OBJ),
    "documents:pdf_status": ("/documents/{doc}/pdf/status", VIEW_OBJ),
    # A failed PDF made again: a lead supervisor or leader of the office or above (DOCUMENT_CHECK).
    "documents:pdf_retry": ("/documents/{doc}/pdf/retry", PDF_RETRY_POST_ONLY),
    "ratings:cycle_list": ("/ratings/", VIEW_LIST),
    "ratings:cycle_create": ("/ratings/new/", RATING_REVIEW_POST_ONLY),
    "ratings:cycle_detail": ("/ratings/{rc}/", RATING_CYCLE),
    "ratings:rate": ("/ratings/{rc}/institutions/{pk}/", RATING_FORM_OF_LANSHAN),
    "ratings:draw_sample": ("/ratings/{rc}/sample/", RATING_REVIEW_POST_ONLY),
    "ratings:finalise": ("/ratings/{rc}/finalise/", RATING_FINALISE_POST_ONLY),
    "ratings:notices": ("/ratings/{rc}/notices/", RATING_REVIEW_POST_ONLY),
    "ratings:export": ("/ratings/{rc}/province.xlsx", RATING_CYCLE),
    "ratings:rerun": ("/ratings/{rc}/rerun/", RATING_CYCLE),
    "ratings:rating_detail": ("/ratings/r/{rt}/", RATING_OF_LANSHAN),
    "ratings:appeal": ("/ratings/r/{rt}/appeal/", rule(roles=set(), institution_user=False, scoped=False)),
    "ratings:appeal_decide": ("/ratings/r/{rt}/appeal/decide/", RATING_DECIDE_POST_ONLY),
    # The province's steps (issue 18): the roles reach them, the service refuses below the province.
    "ratings:province_publish": ("/ratings/{rc}/publish/", RATING_FINALISE_POST_ONLY),
    "ratings:province_decide": ("/ratings/r/{rt}/province/", RATING_DECIDE_POST_ONLY),
    "set_language": ("/i18n/setlang/", lambda u: 302),
    "healthz": ("/healthz", public),  # GET only redirects; POST switches
    # Complaints (finsup.complaints): {c} a complaint about the Lanshan institution, {ca} its attachment,
    # {inc} an incident it reported. The public form and tracking page are open to everyone.
    "portal:complaint_new": ("/complaints/new/", public),
    "portal:complaint_captcha": ("/complaints/captcha.png", public),
    "portal:complaint_captcha_refresh": ("/complaints/captcha/new/", lambda u: 405),  # POST only, for anyone
    "portal:complaint_filed": ("/complaints/filed/", lambda u: 302),  # nothing filed in this session: to tracking
    "portal:complaint_track": ("/complaints/track/?code={code}", public),
    "licensing:application_list": ("/licensing/", VIEW_LIST),
    "licensing:application_file": ("/licensing/new/", rule(roles=EDITORS, institution_user=True, scoped=False)),
    "licensing:application_detail": ("/licensing/{lapp}/", VIEW_OBJ),
    "licensing:application_step": ("/licensing/{lapp}/step/", EDIT_OBJ_POST_ONLY),
    "licensing:application_document_add": ("/licensing/{lapp}/documents/", APPLICATION_DOCUMENT_POST_ONLY),
    "licensing:application_document": ("/licensing/{lapp}/documents/{ldoc}/", VIEW_OBJ),
    "licensing:review_list": ("/licensing/reviews/", STAFF_LIST),
    "licensing:review_open": ("/licensing/reviews/new/", EDIT_LIST),
    "licensing:review_detail": ("/licensing/reviews/{lrev}/", STAFF_OBJ),
    "licensing:review_check": ("/licensing/reviews/{lrev}/checks/{lchk}/", EDIT_OBJ_POST_ONLY),
    "licensing:review_conclude": ("/licensing/reviews/{lrev}/conclude/", LICENSING_JUDGE_POST_ONLY),
    "licensing:review_notice": ("/licensing/reviews/{lrev}/notice/", EDIT_OBJ_POST_ONLY),
    "licensing:fit_and_proper_decide": ("/licensing/people/{kp}/decide/", LICENSING_JUDGE),
    "inspections:list": ("/inspections/", VIEW_LIST),
    "inspections:plan_list": ("/inspections/plans/", STAFF_LIST),
    "inspections:plan_create": ("/inspections/plans/new/", RUN_POST_ONLY),
    "inspections:plan_detail": ("/inspections/plans/{plan}/", STAFF_OBJ),
    "inspections:plan_approve": ("/inspections/plans/{plan}/approve/", PLAN_APPROVE_POST_ONLY),
    "inspections:duty_board": ("/inspections/duties/", STAFF_LIST),
    "inspections:rectification_list": ("/inspections/rectification/", VIEW_LIST),
    "inspections:create": ("/inspections/new/?institution={pk}", RUN_OBJ),
    "inspections:past_create": ("/inspections/past/new/", PAST_INSPECTION),
    "inspections:detail": ("/inspections/{insp}/", VIEW_OBJ),
    "inspections:member_add": ("/inspections/{insp}/members/", RUN_OBJ_POST_ONLY),
    "inspections:member_declare": ("/inspections/{insp}/members/{mem}/declare/", RUN_OBJ_POST_ONLY),
    "inspections:notify": ("/inspections/{insp}/notice/", RUN_OBJ_POST_ONLY),
    "inspections:start": ("/inspections/{insp}/start/", RUN_OBJ_POST_ONLY),
    "inspections:evidence_upload": ("/inspections/{insp}/evidence/", RUN_OBJ_POST_ONLY),
    "inspections:evidence_download": ("/inspections/{insp}/evidence/{ev}/", STAFF_OBJ),  # a working paper
    "inspections:finding_create": ("/inspections/{insp}/findings/", RUN_OBJ_POST_ONLY),
    "inspections:facts": ("/inspections/{insp}/facts/", RUN_OBJ_POST_ONLY),
    "inspections:report": ("/inspections/{insp}/report/", RUN_OBJ_POST_ONLY),
    "inspections:opinion": ("/inspections/{insp}/opinion/", RUN_OBJ_POST_ONLY),
    "inspections:close": ("/inspections/{insp}/close/", RUN_OBJ_POST_ONLY),
    "inspections:cancel": ("/inspections/{insp}/cancel/", RUN_OBJ_POST_ONLY),
    "inspections:followup": ("/inspections/{insp}/follow-ups/", RUN_OBJ_POST_ONLY),
    "inspections:finding_detail": ("/inspections/findings/{fnd}/", VIEW_OBJ),
    "inspections:rectification_file": ("/inspections/findings/{fnd}/rectification/", RECTIFY_POST_ONLY),
    "inspections:rectification_decide": ("/inspections/findings/{fnd}/decision/", RUN_OBJ_POST_ONLY),
    "complaints:list": ("/handling/complaints/", COMPLAINT_LIST),
    "complaints:detail": ("/handling/complaints/{c}/", COMPLAINT_OBJ),
    "complaints:attachment": ("/handling/complaints/{c}/attachments/{ca}/", COMPLAINT_OBJ),
    "complaints:step": ("/handling/complaints/{c}/step/", EDIT_OBJ_POST_ONLY),
    "complaints:result": ("/handling/complaints/{c}/result/", EDIT_OBJ_POST_ONLY),
    "complaints:note": ("/handling/complaints/{c}/notes/", EDIT_OBJ_POST_ONLY),
    "complaints:refer": ("/handling/complaints/{c}/referrals/", EDIT_OBJ_POST_ONLY),
    "complaints:publish": ("/handling/complaints/{c}/publish/", WARNING_HANDLE_POST_ONLY),  # leaders, lead supervisors
    "fundraising:list": ("/fundraising/", EXPORT),  # staff of every office; institutions and oversight never
    "fundraising:new": ("/fundraising/new/", FUNDRAISING_HANDLE),
    "fundraising:weights": ("/fundraising/weights/", EXPORT),  # read by staff; a new version: city leaders
    "fundraising:backtest": ("/fundraising/backtest/", EXPORT),
    "fundraising:backtest_excel": ("/fundraising/backtest.xlsx", EXPORT),
    "fundraising:entity": ("/fundraising/{fe}/", STAFF_OBJ),
    "fundraising:text_add": ("/fundraising/{fe}/texts/", FUNDRAISING_HANDLE_OBJ_POST_ONLY),
    "fundraising:text_file": ("/fundraising/{fe}/texts/{ft}/file/", STAFF_OBJ),
    "fundraising:step": ("/fundraising/{fe}/steps/", FUNDRAISING_HANDLE_OBJ_POST_ONLY),
    "fundraising:merge": ("/fundraising/{fe}/merge/", FUNDRAISING_HANDLE_OBJ_POST_ONLY),
    "worklog:register": ("/worklog/", EXPORT),  # staff of every office; institutions and oversight never
    "worklog:item": ("/worklog/items/5/", EXPORT),
    "worklog:assign": ("/worklog/items/5/assign/", WORKLOG_PLAN_POST_ONLY),  # for the user's own office
    "worklog:task_add": ("/worklog/items/5/tasks/", WORKLOG_PLAN_POST_ONLY),
    "worklog:record_add": ("/worklog/items/5/records/", WORKLOG_RECORD_POST_ONLY),
    "worklog:task_done": ("/worklog/tasks/{wt}/done/", WORKLOG_TASK_RECORD_POST_ONLY),  # a task of Lanshan
    "worklog:task_stop": ("/worklog/tasks/{wt}/stop/", WORKLOG_TASK_PLAN_POST_ONLY),
    "worklog:account_draft": ("/worklog/account/", WORKLOG_PLAN_POST_ONLY),  # the office's performance report
    # Resident institutions and partners, the monthly analysis: staff pages; {pa} a Lanshan bank,
    # {am} a month of Lanshan's analysis whose survey went to it.
    "partners:list": ("/partners/", EXPORT),
    "partners:create": ("/partners/new/", EDIT_LIST),
    "partners:detail": ("/partners/{pa}/", STAFF_OBJ),
    "partners:matter_add": ("/partners/{pa}/matters/", EDIT_OBJ_POST_ONLY),
    "analysis:month_list": ("/analysis/", EXPORT),
    "analysis:month_open": ("/analysis/open/", REVIEW_POST_ONLY),
    "analysis:month": ("/analysis/{am}/", STAFF_OBJ),
    "analysis:draft": ("/analysis/{am}/draft/", EDIT_OBJ_POST_ONLY),
    "listing:list": ("/listing/", EXPORT),  # staff of every office; institutions and oversight never
    "listing:new": ("/listing/new/", LISTING_HANDLE),
    "listing:figures": ("/listing/figures/", EXPORT),
    "listing:figures_excel": ("/listing/figures.xlsx", EXPORT),
    "listing:company": ("/listing/{lc}/", STAFF_OBJ),  # a listed company of Lanshan
    "listing:stage": ("/listing/{lc}/stage/", LISTING_HANDLE_OBJ_POST_ONLY),
    "listing:subsidy": ("/listing/{lc}/subsidies/", LISTING_HANDLE_OBJ_POST_ONLY),
    "listing:opinion": ("/listing/{lc}/opinion/", LISTING_HANDLE_OBJ_POST_ONLY),
    "listing:restructuring": ("/listing/{lc}/restructurings/", LISTING_HANDLE_OBJ_POST_ONLY),
    "listing:pay": ("/listing/subsidies/{ls}/pay/", LISTING_HANDLE_OBJ_POST_ONLY),
    "listing:restructuring_update": ("/listing/restructurings/{lr}/update/", LISTING_HANDLE_OBJ_POST_ONLY),
    "governance:list": ("/governance/", EXPORT),  # staff only
    "governance:detail": ("/governance/{ga}/", STAFF_OBJ),  # an assessment of the Lanshan institution
    "governance:institution": ("/governance/institutions/{pk}/", STAFF_OBJ),
    "governance:assess": ("/governance/institutions/{pk}/assess/", EDIT_OBJ_POST_ONLY),
    "qualifications:list": ("/qualifications/", VIEW_LIST),  # staff their jurisdiction's, institutions their own
    "qualifications:register": ("/qualifications/register/", QUALIFICATION_REGISTER_POST_ONLY),
    "qualifications:detail": ("/qualifications/{qp}/", VIEW_OBJ),  # a practitioner of the Lanshan institution
    "qualifications:training": ("/qualifications/{qp}/training/", EDIT_OBJ_POST_ONLY),
    "qualifications:exam": ("/qualifications/{qp}/exam/", EDIT_OBJ_POST_ONLY),
    "qualifications:certificate": ("/qualifications/{qp}/certificate/", EDIT_OBJ_POST_ONLY),
    "qualifications:associations": ("/qualifications/associations/", EXPORT),  # staff only
    "qualifications:association_register": ("/qualifications/associations/register/", REVIEW_POST_ONLY),
    "qualifications:association": ("/qualifications/associations/{qa}/", STAFF_OBJ),  # guided by Lanshan
    "qualifications:guidance": ("/qualifications/associations/{qa}/guidance/", EDIT_OBJ_POST_ONLY),
    "qualifications:revoke": ("/qualifications/certificates/{qc}/revoke/", EDIT_OBJ_POST_ONLY),  # its certificate
    "incidents:list": ("/incidents/", VIEW_LIST),
    "incidents:report": ("/incidents/new/", INCIDENT_REPORT),
    "incidents:detail": ("/incidents/{inc}/", VIEW_OBJ),
    "incidents:transition": ("/incidents/{inc}/status/", WARNING_HANDLE_POST_ONLY),
    "incidents:log": ("/incidents/{inc}/log/", WARNING_HANDLE_POST_ONLY),
    "incidents:link_warning": ("/incidents/{inc}/warnings/", WARNING_HANDLE_POST_ONLY),
    "incidents:link_record": ("/incidents/{inc}/records/", WARNING_HANDLE_POST_ONLY),
    "outreach:campaign_list": ("/outreach/", OUTREACH_LIST),
    "outreach:campaign_create": ("/outreach/new/", EDIT_LIST),
    "outreach:summary": ("/outreach/summary/", OUTREACH_LIST),
    "outreach:summary_excel": ("/outreach/summary/371302/2026.xlsx", OUTREACH_OBJ),  # the Lanshan office's
    "outreach:campaign_detail": ("/outreach/{oc}/", OUTREACH_OBJ),
    "outreach:campaign_edit": ("/outreach/{oc}/edit/", EDIT_OBJ),
    "outreach:event_add": ("/outreach/{oc}/events/", EDIT_OBJ_POST_ONLY),
    "outreach:event_edit": ("/outreach/{oc}/events/{oev}/", EDIT_OBJ),
    "outreach:material_add": ("/outreach/{oc}/materials/", EDIT_OBJ_POST_ONLY),
    "outreach:material_download": ("/outreach/{oc}/materials/{omat}/", OUTREACH_OBJ),
    "outreach:material_publish": ("/outreach/{oc}/materials/{omat}/publish/", EDIT_OBJ_POST_ONLY),
    "outreach:campaign_complete": ("/outreach/{oc}/complete/", EDIT_OBJ_POST_ONLY),
    "outreach:campaign_report": ("/outreach/{oc}/report/", EDIT_OBJ_POST_ONLY),
    "campaign:current": ("/campaign/", public),  # the portal's campaign materials
    "campaign:material": ("/campaign/materials/{omat}/", public),  # published; unpublished: tests/outreach
    "measures:measure_list": ("/supervision/measures/", STAFF_LIST),
    "measures:measure_detail": ("/supervision/measures/{ms}/", STAFF_OBJ),
    "measures:measure_decide": ("/supervision/measures/{ms}/decide/", MEASURE_DECIDE_POST_ONLY),
    "measures:measure_dismiss": ("/supervision/measures/{ms}/dismiss/", MEASURE_DECIDE_POST_ONLY),
    # The province's decision on a request of the city (issue 18): leaders reach it (the service
    # refuses any but the province's); everyone on staff reads the requests of their jurisdiction.
    "measures:province_requests": ("/supervision/measures/province/", STAFF_LIST),
    "measures:province_decide": ("/supervision/measures/{ms}/province/", MEASURE_DECIDE_POST_ONLY),
    "measures:measure_new": ("/supervision/institutions/{pk}/measures/new/", MEASURE_NEW),
    "measures:interview_list": ("/supervision/interviews/", STAFF_LIST),
    "measures:interview_new": ("/supervision/institutions/{pk}/interviews/new/", INTERVIEW_NEW),
    "measures:interview_detail": ("/supervision/interviews/{iv}/", STAFF_OBJ),
    "measures:interview_notify": ("/supervision/interviews/{iv}/notify/", INTERVIEW_POST_ONLY),
    "measures:interview_hold": ("/supervision/interviews/{iv}/hold/", INTERVIEW_POST_ONLY),
    "measures:interview_archive": ("/supervision/interviews/{iv}/archive/", INTERVIEW_POST_ONLY),
    "measures:timeline": ("/supervision/institutions/{pk}/timeline/", STAFF_OBJ),
    "measures:casefile": ("/supervision/inspections/{cfi}/casefile.zip", CASEFILE_POST_ONLY),
    "archives:register": ("/archives/", ARCHIVE_LIST),
    "archives:verify": ("/archives/verify/", ARCHIVE_LIST),
    "archives:entry": ("/archives/{arc}/", ARCHIVE_OBJ),
    "archives:package": ("/archives/{arc}/package.zip", ARCHIVE_OBJ_POST_ONLY),
    "archives:archive": ("/archives/matters/inspection/{arcm}/archive/", ARCHIVE_MATTER_POST_ONLY),
    # The office's overdue duties (accountability): every staff role and the oversight bodies.
    "accountability:duties": ("/accountability/", DUTIES),
    # Accountability cases: {case} a case of the Lanshan office against its clerk, sent to the
    # discipline commission (the matrix's oversight user), so the answer form is open to it.
    "accountability:case_list": ("/accountability/cases/", CASE_LIST),
    "accountability:case_open": ("/accountability/cases/new/", CASE_OPEN),
    "accountability:case_detail": ("/accountability/cases/{case}/", CASE_OBJ),
    "accountability:case_step": ("/accountability/cases/{case}/steps/", CASE_MANAGE_POST_ONLY),
    "accountability:case_decide": ("/accountability/cases/{case}/decision/", CASE_MANAGE_POST_ONLY),
    "accountability:case_close": ("/accountability/cases/{case}/close/", CASE_MANAGE_POST_ONLY),
    "accountability:transfer_send": ("/accountability/cases/{case}/transfers/", CASE_MANAGE_POST_ONLY),
    "accountability:transfer_answer": ("/accountability/cases/{case}/transfers/answer/", TRANSFER_ANSWER_POST_ONLY),
    "accountability:transfer_supervise": ("/accountability/cases/{case}/transfers/supervise/", CASE_OBJ_POST_ONLY),
    # Administrative penalties (finsup.penalties): every office role reads the cases of its jurisdiction;
    # inspecting staff prepare, leaders approve, issue and decide. {pen}: a case against the Lanshan institution.
    "penalties:case_list": ("/penalties/", STAFF_LIST),
    "penalties:case_new": ("/penalties/new/", PENALTY_PROPOSE),
    "penalties:case_detail": ("/penalties/{pen}/", STAFF_OBJ),
    "penalties:case_check": ("/penalties/{pen}/check/", PENALTY_CHECK_POST_ONLY),
    "penalties:case_decision": ("/penalties/{pen}/decision/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_paid": ("/penalties/{pen}/paid/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_approve": ("/penalties/{pen}/approve/", PENALTY_LEAD_POST_ONLY),
    "penalties:case_close": ("/penalties/{pen}/close/", PENALTY_LEAD_POST_ONLY),
    "penalties:case_issue": ("/penalties/{pen}/issue/", PENALTY_LEAD_POST_ONLY),
    "penalties:case_decide": ("/penalties/{pen}/decide/", PENALTY_LEAD_POST_ONLY),
    "penalties:case_evidence": ("/penalties/{pen}/evidence/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_notice": ("/penalties/{pen}/notice/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_serve": ("/penalties/{pen}/serve/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_statement": ("/penalties/{pen}/statement/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_waive": ("/penalties/{pen}/waive/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_hearing_request": ("/penalties/{pen}/hearing_request/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_hearing_schedule": ("/penalties/{pen}/hearing_schedule/", PENALTY_PREPARE_POST_ONLY),
    "penalties:case_hearing_record": ("/penalties/{pen}/hearing_record/", PENALTY_PREPARE_POST_ONLY),
    "exchange:list": ("/exchange/", city_only(EXCHANGE_READERS)),
    "exchange:export": ("/exchange/export/", city_only(EDITORS, ok=405)),
    "exchange:download": ("/exchange/{exp}/download/", city_only(EXCHANGE_READERS)),
    "exchange:receipt": ("/exchange/{exp}/receipt/", city_only(EDITORS, ok=405)),
    "exchange:contract_file": ("/exchange/contract/office-report-v1.schema.json", city_only(EXCHANGE_READERS)),
    "api:list_exports": ("/api/v1/exchange/exports", city_only(EXCHANGE_READERS, anon=401)),
    "api:create_export": ("/api/v1/exchange/exports", city_only(EXCHANGE_READERS, anon=401)),  # POST; GET lists
    "api:get_export": ("/api/v1/exchange/exports/{exp}", city_only(EXCHANGE_READERS, anon=401)),
    "api:get_export_document": ("/api/v1/exchange/exports/{exp}/document", city_only(EXCHANGE_READERS, anon=401)),
    "api:list_receipts": ("/api/v1/exchange/exports/{exp}/receipts", city_only(EXCHANGE_READERS, anon=401)),
    "api:record_receipt": ("/api/v1/exchange/exports/{exp}/receipts", city_only(EXCHANGE_READERS, anon=401)),
    # Special surveys: {sv} a Lanshan survey sent to the Lanshan institution ({svr}, its request),
    # {svd} a Lanshan draft, {svo} the Lanshan office as the recipient of a city survey (it forwards).
    "surveys:list": ("/surveys/", SURVEY_LIST),
    "surveys:create": ("/surveys/new/", EDIT_LIST),
    "surveys:detail": ("/surveys/{sv}/", SURVEY_OBJ),
    "surveys:edit": ("/surveys/{svd}/edit/", EDIT_OBJ),
    "surveys:send": ("/surveys/{svd}/send/", EDIT_OBJ_POST_ONLY),
    "surveys:rerun": ("/surveys/{sv}/rerun/", EDIT_OBJ_POST_ONLY),
    "surveys:export": ("/surveys/{sv}/answers.xlsx", SURVEY_OBJ),
    "surveys:request": ("/surveys/requests/{svr}/", VIEW_OBJ),
    "surveys:template": ("/surveys/requests/{svr}/template.xlsx", VIEW_OBJ),
    "surveys:upload": ("/surveys/requests/{svr}/upload/", SURVEY_REQUEST_POST_ONLY),
    "surveys:forward": ("/surveys/requests/{svo}/forward/", EDIT_OBJ_POST_ONLY),
    "api:list_survey_requests": ("/api/v1/surveys", API_SURVEY_LIST),
    "api:get_survey_request": ("/api/v1/surveys/{svr}", API_OBJ),
    "api:list_survey_answers": ("/api/v1/surveys/{svr}/answers", API_OBJ),
    "api:answer_survey": ("/api/v1/surveys/{svr}/answers", API_OBJ),
}


def _office_submission(office, by):
    from django.utils import timezone

    from finsup.reporting.models import Submission

    now = timezone.now()
    return Submission.objects.create(
        institution=None,
        office=office,
        report_code="county_semiannual",
        report_version=1,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        status="submitted",
        values={},
        channel="web",
        submitted_by=by,
        submitted_at=now,
        status_changed_at=now,
    )


def _submission(inst, by):
    from django.utils import timezone

    from finsup.reporting.models import Submission

    now = timezone.now()
    return Submission.objects.create(
        institution=inst,
        office=inst.county,
        report_code="ml_monthly_business",
        report_version=1,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        status="submitted",
        values={},
        channel="web",
        submitted_by=by,
        submitted_at=now,
        status_changed_at=now,
    )


def _loan_batch_and_result(inst, by) -> int:
    from django.utils import timezone

    from finsup.loans.models import LoanBatch, LoanRuleResult

    now = timezone.now()
    LoanRuleResult.objects.create(
        institution=inst,
        as_of=now.date(),
        rule_id="loan_related_party",
        rule_version="v",
        value=1,
        comparator="=",
        threshold="0",
        passed=False,
        severity="warning",
        loan_count=1,
        loan_ids=["L1"],
        evaluated_at=now,
    )
    batch = LoanBatch.objects.create(
        institution=inst,
        batch_id="b" * 64,
        channel="upload",
        source_name="loans.csv",
        outcome="accepted",
        report="导入 1 行",
        submitted_by=by,
        received_at=now,
    )
    return batch.pk


def _breach_and_justification(world) -> dict:
    """A rule breach of the Lanshan institution, justified by its user with a PDF."""
    from finsup.complaints.attachments import CheckedFile
    from finsup.monitoring.justification import justification_submit

    breach, _ = warning_open(
        institution=world.inst_lanshan, key="matrix-breach", source="rule_breach", level="warning", title="超限"
    )
    pdf = b"%PDF-1.4 matrix justification"
    event = justification_submit(
        warning=breach,
        by=world.clerk_lanshan_inst,
        text="系一次性因素",
        attachment=CheckedFile("说明.pdf", pdf, "application/pdf", "2" * 64),
    )
    return {"wb": breach.pk, "jf": event.pk}


def _final_document(inst, by) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from finsup.documents.models import DocumentDelivery, OfficialDocument

    now = timezone.now()
    document = OfficialDocument.objects.create(
        kind="opinion_letter",
        office=inst.county,
        institution=inst,
        status="final",
        number="兰金办检〔2026〕1号",
        word="检",
        year=2026,
        seq=1,
        title="现场检查意见书",
        docx=default_storage.save("documents/matrix.docx", ContentFile(b"PK")),
        pdf=default_storage.save("documents/matrix.pdf", ContentFile(b"%PDF-1.4")),
        pdf_sha256="0" * 64,
        pdf_state="ready",
        created_by=by,
        created_at=now,
        checked_by=by,
        checked_at=now,
        finalised_by=by,
        finalised_at=now,
    )
    delivery = DocumentDelivery.objects.create(
        document=document, institution=inst, method="electronic", delivered_at=now, delivered_by=by
    )
    return {"doc": document.pk, "delivery": delivery.pk}


def _complaint_and_incident(inst, by) -> dict:
    from finsup.complaints import services
    from finsup.complaints.attachments import CheckedFile
    from finsup.incidents import services as incidents

    pdf = b"%PDF-1.4 matrix"
    complaint = services.complaint_file(
        data={"institution": inst, "subject": "违规收费", "description": "收取砍头息", "anonymous": True},
        attachments=[CheckedFile("a.pdf", pdf, "application/pdf", "0" * 64)],
    )
    incident = incidents.incident_report(
        by=by, data={"kind": "fraud", "severity": "II", "title": "诈骗", "description": "员工诈骗"}
    )
    return {
        "c": complaint.pk,
        "ca": complaint.attachments.get().pk,
        "inc": incident.pk,
        "code": complaint.tracking_code,
    }


def _rating_cycle(world) -> tuple[int, int]:
    """A microloan cycle of the city, open for initial ratings, with the Lanshan institution rated."""
    from finsup.ratings import services

    cycle = services.cycle_create(by=world.city["leader"], year=2025, kind="microloan", sample_size=1, seed=1)
    scores = {i.id: (80, "良好") for i in cycle.scheme.qualitative}
    rating = services.rating_initial(
        cycle=cycle, institution=world.inst_lanshan, by=world.lanshan["lead_supervisor"], scores=scores
    )
    return cycle.pk, rating.pk


def _licensing(world) -> dict:
    """A change application of the Lanshan institution with one document, and its annual review."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from finsup.licensing import services as licensing

    app = licensing.application_file(
        by=world.clerk_lanshan_inst,
        type="change",
        change_kinds=["address"],
        proposed_values={"address": "临沂市兰山区新地址1号"},
        resolution_date=timezone.localdate(),
        description="变更住所",
        documents=[("股东会决议", SimpleUploadedFile("resolution.pdf", b"%PDF-1.4 matrix"))],
    )
    review = licensing.annual_review_open(
        by=world.lanshan["clerk"], institution=world.inst_lanshan, year=timezone.localdate().year - 1
    )
    return {"lapp": app.pk, "ldoc": app.documents.get().pk, "lrev": review.pk, "lchk": review.checks.first().pk}


def _no_rendering(requests, by):
    """The inspections' documents recorded, not rendered."""
    from django.utils import timezone

    from finsup.inspections import paperwork

    return [paperwork.Paper(None, "", timezone.now()) for _r in requests]


def _started_inspection(world, *, title: str, plan=None):
    """A Lanshan inspection with its team (the lead supervisor leads), notified and started; with
    its members."""
    from finsup.inspections import services as insp

    lead, inspector = world.lanshan["lead_supervisor"], world.lanshan["inspector"]
    inspection = insp.inspection_create(
        by=inspector,
        institution=world.inst_lanshan,
        kind="thematic",
        title=title,
        scope_text="贷款业务",
        planned_start=datetime.date(2026, 11, 2),
        planned_end=datetime.date(2026, 11, 6),
        plan=plan,
    )
    members = [insp.member_add(by=inspector, inspection=inspection, user=lead, team_role="leader")]
    members.append(insp.member_add(by=inspector, inspection=inspection, user=inspector))
    for m in members:
        insp.member_declare(by=m.user, member=m, has_conflict=False, declaration="")
    insp.inspection_notify(by=inspector, inspection=inspection)
    insp.inspection_start(by=inspector, inspection=inspection)
    return inspection, members


def _facts_and_report(world, inspection) -> None:
    from django.utils import timezone

    from finsup.inspections import services as insp

    inspector = world.lanshan["inspector"]
    insp.inspection_present_facts(by=inspector, inspection=inspection, facts=["f"], assessment="a")
    insp.inspection_report(
        by=inspector, inspection=inspection, confirmed_by="张三", confirmed_on=timezone.localdate(), overview="o"
    )


def _inspection(world) -> dict:
    """A Lanshan inspection through to rectification (documents recorded, not rendered), with a plan,
    its team, one working paper and one finding."""
    from unittest import mock

    from django.core.files.base import ContentFile

    from finsup.inspections import paperwork
    from finsup.inspections import services as insp

    inspector = world.lanshan["inspector"]
    with mock.patch.object(paperwork, "backend", _no_rendering):
        plan = insp.plan_create(by=inspector, year=2026, title="2026年度现场检查计划")
        inspection, members = _started_inspection(world, title="专项检查", plan=plan)
        paper = insp.evidence_upload(by=inspector, inspection=inspection, file=ContentFile(b"paper", name="p.pdf"))
        finding = insp.finding_create(
            by=inspector, inspection=inspection, title="分类不准", description="d", citation="c", evidence=[paper]
        )
        _facts_and_report(world, inspection)
        insp.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["整改"])
    # No document was rendered, so none is signed off: the letter's sign-off opens the rectification.
    type(inspection).objects.filter(pk=inspection.pk).update(opinion_issued_on=datetime.date(2026, 11, 20))
    return {"insp": inspection.pk, "plan": plan.pk, "mem": members[1].pk, "ev": paper.pk, "fnd": finding.pk}


def _archive(world) -> dict:
    """Two closed Lanshan inspections without findings (documents recorded, not rendered), one of them
    archived."""
    from unittest import mock

    from finsup.archives.services import matter_archive
    from finsup.inspections import paperwork
    from finsup.inspections import services as insp

    closed = []
    with mock.patch.object(paperwork, "backend", _no_rendering):
        for title in ("归档检查", "待归档检查"):
            inspection, _members = _started_inspection(world, title=title)
            _facts_and_report(world, inspection)
            closed.append(insp.inspection_close(by=world.lanshan["inspector"], inspection=inspection))
    entry = matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed[0].pk)
    return {"arc": entry.pk, "arcm": closed[1].pk}


def _supervision(world) -> dict:
    """A proposed measure, a prepared interview and a planned inspection of the Lanshan institution."""
    from django.utils import timezone

    from finsup.inspections import services as inspections

    inst, by = world.inst_lanshan, world.lanshan["lead_supervisor"]
    measure = inspections.measure_propose(by=by, institution=inst, kind="warning", proposal="报表迟报")
    interview = inspections.interview_create(
        by=by,
        institution=inst,
        lead_interviewer=by,
        recorder=world.lanshan["inspector"],
        interviewees="董事长",
        place="会议室",
        reasons="集中度超标",
        outline="整改安排",
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )
    inspection = inspections.inspection_create(
        by=by,
        institution=inst,
        kind="thematic",
        unannounced=False,
        title="案卷测试检查",
        scope_text="贷款业务",
        legal_basis="《山东省地方金融条例》",
        planned_start=datetime.date(2026, 11, 2),
        planned_end=datetime.date(2026, 11, 6),
    )
    return {"ms": measure.pk, "iv": interview.pk, "cfi": inspection.pk}


def _accountability_case(world, *, institution: int, submission: int) -> int:
    """The case links the Lanshan institution and its filing: the discipline commission reads both
    through it (VIEW_OBJ_OR_CASE)."""
    from finsup.accountability import services as accountability

    case = accountability.case_open(
        by=world.lanshan["leader"],
        data={
            "subject_kind": "staff",
            "subject_user": world.lanshan["clerk"],
            "title": "审核报表逾期",
            "allegation": "未在期限内审核报表",
            "items": [8],
            "sources": [f"institutions.institution:{institution}", f"reporting.submission:{submission}"],
        },
    )
    accountability.transfer_send(case=case, by=world.lanshan["leader"], to_body="discipline", reason="移送")
    return case.pk


def _penalty_case(world) -> int:
    """A proposed case against the Lanshan institution (the approval form a draft: no rendering)."""
    from finsup.penalties import services as penalties

    case = penalties.case_propose(
        by=world.lanshan["inspector"],
        institution=world.inst_lanshan,
        facts="未按规定报送报表",
        rule_breached="《山东省地方金融条例》第三十一条",
        penalty="sd_fin_51",
    )
    return case.pk


def _outreach(world) -> dict:
    import datetime as dt

    from finsup.complaints.attachments import CheckedFile
    from finsup.outreach import services

    clerk = world.lanshan["clerk"]
    data = {"kind": "may_month", "title": "宣传月", "starts_on": dt.date(2026, 5, 1), "ends_on": dt.date(2026, 5, 31)}
    campaign = services.campaign_create(by=clerk, office=clerk.office, year=2026, data=data)
    event = services.event_record(
        campaign=campaign, by=clerk, data={"held_on": dt.date(2026, 5, 8), "channel": "tv", "title": "专题节目"}
    )
    pdf = b"%PDF-1.4 outreach"
    checked = CheckedFile("a.pdf", pdf, "application/pdf", "1" * 64)
    material = services.material_upload(campaign=campaign, by=clerk, title="海报", kind="poster", file=checked)
    services.material_publish(material=material, by=clerk, published=True)
    return {"oc": campaign.pk, "oev": event.pk, "omat": material.pk}


def _surveys(world) -> dict:
    import datetime as dt

    from finsup.core import clock
    from finsup.surveys import services

    clerk, city_clerk = world.lanshan["clerk"], world.city["clerk"]
    data = {"title": "矩阵调查", "basis": "矩阵", "deadline": clock.today() + dt.timedelta(days=30)}
    fields = [{"id": "loans", "label_zh": "贷款余额", "unit": "money:wan_yuan", "required": True}]
    sent = services.survey_create(
        by=clerk, office=clerk.office, data=data, fields=fields, institutions=[world.inst_lanshan]
    )
    services.survey_send(survey=sent, by=clerk)
    draft = services.survey_create(
        by=clerk, office=clerk.office, data=data, fields=fields, institutions=[world.inst_lanshan]
    )
    above = services.survey_create(
        by=city_clerk, office=city_clerk.office, data=data, fields=fields, offices=[clerk.office]
    )
    services.survey_send(survey=above, by=city_clerk)
    return {
        "sv": sent.pk,
        "svr": sent.recipients.get().pk,
        "svd": draft.pk,
        "svo": above.recipients.get().pk,
    }


def _route_names(patterns=None, namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _route_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}"


def test_every_route_is_in_the_matrix():
    names = set(_route_names())
    assert names - set(ROUTES) == set(), "routes without an access rule in ROUTES"
    assert set(ROUTES) - names == set(), "ROUTES lists routes that no longer exist"


@pytest.fixture(scope="module")
def _matrix_world_once(django_db_setup, django_db_blocker):
    """The world and its records, built once for the module in a transaction rolled back at its end;
    each test runs inside it in a savepoint of its own (pytest-django's), so none sees another's
    writes."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = make_world()
            yield (*_build_matrix_world(world), world)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def matrix_world(db, _matrix_world_once):
    return _matrix_world_once


def _fundraising(world):
    """A suspected entity of Lanshan with a text uploaded as a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from finsup.fundraising import services as fundraising

    clerk = world.lanshan["clerk"]
    entity = fundraising.entity_open(by=clerk, office=clerk.office, name="矩阵某某财富管理有限公司")
    upload = SimpleUploadedFile("宣传页.txt", "保本保息，年化18%。".encode())
    text = fundraising.text_add(by=clerk, entity=entity, kind="web_page", title="宣传页", file=upload)
    return {"fe": entity.pk, "ft": text.pk}


def _listing(world):
    """A listed company of Lanshan with a subsidy granted and a restructuring followed."""
    from finsup.listing import services as listing
    from tests.listing.helpers import company, on, to_listed

    clerk = world.lanshan["clerk"]
    listed = to_listed(clerk, company(clerk, 99, name="矩阵上市公司"))
    day = listed.listed_on
    with on(day):
        subsidy = listing.subsidy_grant(
            by=clerk, company=listed, basis="奖励办法 第五条", for_stage="listed", amount=1_000_000, granted_on=day
        )
        restructuring = listing.restructuring_add(
            by=clerk, company=listed, kind="merger", office_role="guide", counterparty="矩阵对方", started_on=day
        )
    return {"lc": listed.pk, "ls": subsidy.pk, "lr": restructuring.pk}


def _worklog(world):
    """A quarterly liaison task of Lanshan under item ⑤."""
    from tests.worklog.helpers import liaison_task

    return {"wt": liaison_task(world.lanshan["leader"], world.lanshan["clerk"]).pk}


def _partners(world):
    """A bank of Lanshan in the register with its statistics user, one of Luozhuang with its own, and
    a month of Lanshan's analysis asked of the Lanshan bank."""
    import datetime

    from finsup.analysis import services as analysis
    from finsup.core import clock

    bank = f.make_partner("371302", "bank", "矩阵兰山农商银行")
    other = f.make_partner("371311", "bank", "矩阵罗庄农商银行")
    world.partner_own = f.make_user("partner_own", "partner", partner=bank)
    world.partner_other = f.make_user("partner_other", "partner", partner=other)
    clerk = world.lanshan["clerk"]
    today = clock.today()
    month = analysis.month_open(
        by=clerk, office=clerk.office, month=today.replace(day=1), deadline=today + datetime.timedelta(days=10)
    )
    return {"pa": bank.pk, "am": month.pk}


def _qualification(world):
    """A practitioner of the Lanshan institution with a certificate (written as rows: the services
    qualify only private capital managers and lending registration services)."""
    from finsup.qualifications.models import Association, Practitioner, Step

    by, at = world.lanshan["clerk"], datetime.datetime(2026, 6, 15, 4, tzinfo=datetime.UTC)
    person = Practitioner.objects.create(
        institution=world.inst_lanshan, name="赵六", id_number=f.id_number(), registered_by=by, registered_at=at
    )
    day = datetime.date(2026, 6, 15)
    certificate = Step.objects.create(
        practitioner=person, kind="certificate", on=day, number="临金从字〔2026〕第99号", valid_until=day, by=by, at=at
    )
    from finsup.core import clock
    from finsup.governance import services as governance
    from finsup.governance.checklist import checklist

    with clock.at(at):
        scores = {i.key: i.points for i in checklist().items}
        assessment = governance.assessment_submit(by=by, institution=world.inst_lanshan, year=2026, scores=scores)
    association = Association.objects.create(
        office=world.inst_lanshan.county,
        name="兰山区民间融资行业协会",
        kind="industry_association",
        registered_by=by,
        registered_at=at,
    )
    return {"qp": person.pk, "qc": certificate.pk, "ga": assessment.pk, "qa": association.pk}


def _build_matrix_world(world):
    inst = world.inst_lanshan
    ids = {
        "pk": inst.pk,
        "sh": Shareholder.objects.create(
            institution=inst,
            name="临沂某某投资有限公司",
            holder_type="enterprise",
            credit_code=f.credit_code(),
            stake=60,
            subscribed_capital=60_000_000,
        ).pk,
        "sg": ShareholderGroup.objects.create(institution=inst, name="某某控股系", basis="control").pk,
        "kp": KeyPerson.objects.create(
            institution=inst, name="张三", position="chairman", id_number=f.id_number(), id_number_hash="x"
        ).pk,
        "rp": RelatedParty.objects.create(institution=inst, name="某某商贸有限公司", relation="controlled").pk,
        "dh": DeclaredHolding.objects.create(
            institution=inst,
            held_name="某某控股有限公司",
            held_credit_code=f.credit_code(),
            holder_name="某某",
            holder_type="person",
            holder_id_number=f.id_number(),
            stake=60,
        ).pk,
        "sub": _submission(inst, world.clerk_lanshan_inst).pk,
        "osub": _office_submission(inst.county, world.lanshan["leader"]).pk,
        "u": world.lanshan["clerk"].pk,
        "lb": _loan_batch_and_result(inst, world.clerk_lanshan_inst),
        "w": warning_open(institution=inst, key="matrix", source="late_filing", level="warning", title="逾期报送")[
            0
        ].pk,
    }
    ids.update(_final_document(inst, world.lanshan["inspector"]))
    ids.update(_breach_and_justification(world))
    ids.update(_complaint_and_incident(inst, world.clerk_lanshan_inst))
    ids["rc"], ids["rt"] = _rating_cycle(world)
    ids.update(_licensing(world))
    ids.update(_supervision(world))
    ids.update(_inspection(world))
    ids.update(_archive(world))
    ids.update(_outreach(world))
    ids.update(_surveys(world))
    ids["case"] = _accountability_case(world, institution=inst.pk, submission=ids["sub"])
    ids["pen"] = _penalty_case(world)
    ids.update(_fundraising(world))
    ids.update(_worklog(world))
    ids.update(_partners(world))
    ids.update(_listing(world))

    ids.update(_qualification(world))
    ids["tok"] = api_token_create(by=world.clerk_lanshan_inst, name="矩阵")[0].pk
    ids["exp"] = _province_export(world)
    notify(users=[world.lanshan["clerk"]], title="矩阵通知", url="/notifications/")
    ids["n"] = Notification.objects.get(user=world.lanshan["clerk"], title="矩阵通知").pk
    users = {
        "anon": None,
        "inst:own": world.clerk_lanshan_inst,
        "inst:other": world.clerk_luozhuang_inst,
        "partner:own": world.partner_own,
        "partner:other": world.partner_other,
    }
    for office in ("city", "lanshan", "luozhuang"):
        for role, user in getattr(world, office).items():
            users[f"{office}:{role}"] = user
    for body in OTHER_BODIES:
        users[f"city:{body}"] = f.make_user(f"city_{body}", "oversight", CITY, oversight_body=body)
    return ids, users


def _province_export(world) -> int:
    from finsup.exchange.services import export_create

    return export_create(
        by=world.city["clerk"], kind="consolidated-filings", office_code=CITY, period_label="2026H1"
    ).pk


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_answers_each_user_as_the_matrix_says(route, matrix_world, client):
    ids, users, _world = matrix_world
    template, expected_for = ROUTES[route]
    path = template.format(**ids)
    wrong = []
    for user_key in USERS:
        client.logout()
        if users[user_key] is not None:
            client.force_login(users[user_key])
        status = client.get(path).status_code
        expected = expected_for(user_key)
        if status != expected:
            wrong.append(f"{user_key}: got {status}, expected {expected}")
    assert not wrong, f"{path}\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# The POST pass. Every route is also POSTed by every user, each POST inside a savepoint rolled back
# afterwards (so one user's accepted step does not change what the next one meets). A user the GET
# table answers 404 (outside the role or the jurisdiction) must get 404 on POST too, and the POST
# must change nothing: no row of any table, no audit entry. Anonymous users are sent to the login
# page (401 on the API) and change nothing either. Everyone else must reach the handler: not 404,
# not 405 (for the routes that take POST) and never 500; a route that does not take POST answers
# 405 to them. Whatever answers 4xx has changed nothing (bad input changes nothing).

# The routes that accept POST, named here so that a route cannot drop out of the pass unnoticed:
# the test checks this set both ways against what the handlers answer.
POST_ROUTES = {
    "listing:new",
    "listing:stage",
    "listing:subsidy",
    "listing:opinion",
    "listing:restructuring",
    "listing:pay",
    "listing:restructuring_update",
    "governance:assess",
    "qualifications:register",
    "qualifications:association_register",
    "qualifications:guidance",
    "qualifications:training",
    "qualifications:exam",
    "qualifications:certificate",
    "qualifications:revoke",
    "worklog:assign",
    "worklog:task_add",
    "worklog:record_add",
    "worklog:task_done",
    "worklog:task_stop",
    "worklog:account_draft",
    "partners:create",
    "partners:matter_add",
    "analysis:month_open",
    "analysis:draft",
    "fundraising:new",
    "fundraising:weights",
    "fundraising:text_add",
    "fundraising:step",
    "fundraising:merge",
    "documents:pdf_retry",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:otp_verify",
    "accounts:otp_enrol",
    "accounts:security",
    "accounts:otp_reset",
    "accounts:api_tokens",
    "accounts:api_token_revoke",
    "set_language",
    "institutions:create",
    "institutions:import",
    "institutions:edit",
    "institutions:status",
    "institutions:shareholder_add",
    "institutions:shareholder_edit",
    "institutions:shareholder_group_add",
    "institutions:shareholder_group_edit",
    "institutions:key_person_add",
    "institutions:key_person_edit",
    "institutions:training_add",
    "institutions:related_party_add",
    "institutions:related_party_edit",
    "institutions:child_delete",
    "graph:declared_add",
    "graph:declared_delete",
    "monitoring:warning_transition",
    "monitoring:warning_bulk_acknowledge",
    "monitoring:breach_decide",
    "monitoring:breach_justify",
    "loans:upload",
    "reporting:rule_replay",
    "reporting:file",
    "reporting:excel_upload",
    "reporting:review",
    "reporting:bulk_review",
    "reporting:office_file",
    "reporting:office_review",
    "notifications:read_all",
    "notifications:read",
    "api:list_filings",  # the path of api:file_report
    "api:file_report",
    "api:list_batches",  # the path of api:push_batch
    "api:push_batch",
    "ratings:cycle_create",
    "ratings:rate",
    "ratings:draw_sample",
    "ratings:finalise",
    "ratings:notices",
    "ratings:appeal",
    "ratings:appeal_decide",
    "portal:complaint_new",
    "portal:complaint_captcha_refresh",
    "licensing:application_file",
    "licensing:application_step",
    "licensing:application_document_add",
    "licensing:review_open",
    "licensing:review_check",
    "licensing:review_conclude",
    "licensing:review_notice",
    "licensing:fit_and_proper_decide",
    "inspections:plan_create",
    "inspections:plan_approve",
    "inspections:create",
    "inspections:past_create",
    "inspections:member_add",
    "inspections:member_declare",
    "inspections:notify",
    "inspections:start",
    "inspections:evidence_upload",
    "inspections:finding_create",
    "inspections:facts",
    "inspections:report",
    "inspections:opinion",
    "inspections:close",
    "inspections:cancel",
    "inspections:followup",
    "inspections:rectification_file",
    "inspections:rectification_decide",
    "complaints:step",
    "complaints:result",
    "complaints:note",
    "complaints:refer",
    "complaints:publish",
    "incidents:report",
    "incidents:transition",
    "incidents:log",
    "incidents:link_warning",
    "incidents:link_record",
    "outreach:campaign_create",
    "outreach:campaign_edit",
    "outreach:event_add",
    "outreach:event_edit",
    "outreach:material_add",
    "outreach:material_publish",
    "outreach:campaign_complete",
    "outreach:campaign_report",
    "measures:measure_decide",
    "measures:measure_dismiss",
    "measures:measure_new",
    "measures:interview_new",
    "measures:interview_notify",
    "measures:interview_hold",
    "measures:interview_archive",
    "measures:casefile",
    "accountability:case_open",
    "accountability:case_step",
    "accountability:case_decide",
    "archives:verify",
    "archives:package",
    "archives:archive",
    "accountability:case_close",
    "accountability:transfer_send",
    "accountability:transfer_answer",
    "accountability:transfer_supervise",
    "penalties:case_new",
    "penalties:case_approve",
    "penalties:case_check",
    "penalties:case_decision",
    "penalties:case_paid",
    "penalties:case_close",
    "penalties:case_issue",
    "penalties:case_decide",
    "penalties:case_evidence",
    "penalties:case_notice",
    "penalties:case_serve",
    "penalties:case_statement",
    "penalties:case_waive",
    "penalties:case_hearing_request",
    "penalties:case_hearing_schedule",
    "penalties:case_hearing_record",
    "documents:check",
    "documents:sign_off",
    "documents:paper_delivery",
    "documents:acknowledge",
    "exchange:export",
    "exchange:receipt",
    "api:list_exports",  # the path of api:create_export
    "api:create_export",
    "api:list_receipts",  # the path of api:record_receipt
    "api:record_receipt",
    "surveys:create",
    "surveys:edit",
    "surveys:send",
    "surveys:rerun",
    "surveys:request",
    "surveys:upload",
    "surveys:forward",
    "api:list_survey_answers",  # the path of api:answer_survey
    "api:answer_survey",
    "measures:province_decide",
    "ratings:province_publish",
    "ratings:province_decide",
}

# The form each POST route reads, where the view does not name it (form_class): its fields give the
# body a permitted user would send, so that a handler that validated before it scoped would answer
# (and write) instead of 404. BODIES below sets what a generic value cannot guess.
FORMS = {
    "partners:create": "finsup.partners.forms.PartnerForm",
    "accounts:otp_verify": "finsup.accounts.forms.OtpCodeForm",
    "accounts:otp_enrol": "finsup.accounts.forms.OtpConfirmForm",
    "accounts:security": "finsup.accounts.forms.OtpConfirmForm",
    "monitoring:warning_transition": "finsup.monitoring.forms.WarningTransitionForm",
    "ratings:cycle_create": "finsup.ratings.forms.CycleForm",
    "ratings:finalise": "finsup.ratings.forms.ReasonForm",
    "ratings:appeal": "finsup.ratings.forms.ReasonForm",
    "ratings:appeal_decide": "finsup.ratings.forms.AppealDecisionForm",
    "portal:complaint_new": "finsup.complaints.forms.PublicComplaintForm",
    "licensing:application_file": "finsup.licensing.forms.ApplicationForm",
    "licensing:application_step": "finsup.licensing.forms.StepForm",
    "licensing:application_document_add": "finsup.licensing.forms.DocumentForm",
    "licensing:review_open": "finsup.licensing.forms.ReviewOpenForm",
    "licensing:review_conclude": "finsup.licensing.forms.ConcludeForm",
    "licensing:review_check": "finsup.licensing.forms.CheckForm",
    "inspections:plan_create": "finsup.inspections.forms.PlanForm",
    "inspections:create": "finsup.inspections.forms.InspectionForm",
    "inspections:past_create": "finsup.inspections.forms.PastInspectionForm",
    "inspections:member_add": "finsup.inspections.forms.MemberForm",
    "inspections:member_declare": "finsup.inspections.forms.DeclarationForm",
    "inspections:notify": "finsup.inspections.forms.NoticeForm",
    "inspections:evidence_upload": "finsup.inspections.forms.EvidenceForm",
    "inspections:finding_create": "finsup.inspections.forms.FindingForm",
    "inspections:facts": "finsup.inspections.forms.FactsForm",
    "inspections:report": "finsup.inspections.forms.ReportForm",
    "inspections:opinion": "finsup.inspections.forms.OpinionForm",
    "inspections:close": "finsup.inspections.forms.NoteForm",
    "inspections:cancel": "finsup.inspections.forms.ReasonForm",
    "inspections:followup": "finsup.inspections.forms.FollowUpForm",
    "inspections:rectification_file": "finsup.inspections.forms.RectificationForm",
    "inspections:rectification_decide": "finsup.inspections.forms.DecisionForm",
    "incidents:report": "finsup.incidents.forms.IncidentReportForm",
    "incidents:transition": "finsup.incidents.forms.IncidentTransitionForm",
    "incidents:log": "finsup.incidents.forms.IncidentLogForm",
    "incidents:link_warning": "finsup.incidents.forms.IncidentWarningForm",
    "incidents:link_record": "finsup.incidents.forms.IncidentRecordForm",
    "outreach:campaign_create": "finsup.outreach.forms.CampaignForm",
    "outreach:campaign_edit": "finsup.outreach.forms.CampaignForm",
    "outreach:event_edit": "finsup.outreach.forms.EventCorrectionForm",
    "measures:measure_decide": "finsup.inspections.views_measures.DecideForm",
    "measures:measure_dismiss": "finsup.inspections.views_measures.DismissForm",
    "measures:measure_new": "finsup.inspections.views_measures.MeasureForm",
    "measures:interview_new": "finsup.inspections.views_measures.InterviewForm",
    "measures:interview_notify": "finsup.inspections.views_measures.NoticeForm",
    "measures:interview_hold": "finsup.inspections.views_measures.HoldForm",
    "accountability:case_open": "finsup.accountability.forms.CaseOpenForm",
    "penalties:case_new": "finsup.penalties.forms.ProposeForm",
    "penalties:case_approve": "finsup.penalties.forms.OpinionForm",
    "penalties:case_close": "finsup.penalties.forms.CloseForm",
    "penalties:case_evidence": "finsup.penalties.forms.EvidenceForm",
    "penalties:case_notice": "finsup.penalties.forms.NoticeForm",
    "penalties:case_issue": "finsup.penalties.forms.PaperForm",
    "penalties:case_serve": "finsup.penalties.forms.ServeForm",
    "penalties:case_statement": "finsup.penalties.forms.StatementForm",
    "penalties:case_waive": "finsup.penalties.forms.WaiveForm",
    "penalties:case_hearing_request": "finsup.penalties.forms.HearingRequestForm",
    "penalties:case_hearing_schedule": "finsup.penalties.forms.HearingScheduleForm",
    "penalties:case_hearing_record": "finsup.penalties.forms.HearingRecordForm",
    "penalties:case_decide": "finsup.penalties.forms.DecideForm",
    "penalties:case_check": "finsup.penalties.forms.PaperForm",
    "penalties:case_decision": "finsup.penalties.forms.DecisionForm",
    "penalties:case_paid": "finsup.penalties.forms.PaidForm",
    "documents:paper_delivery": "finsup.documents.forms.PaperDeliveryForm",
    "measures:province_decide": "finsup.inspections.forms.ProvinceDecisionForm",
    "ratings:province_publish": "finsup.ratings.forms.PublishForm",
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(name="matrix.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# What a generic value cannot guess, per route ({…} names an id of the matrix world). Lists send a
# field several times.
BODIES = {
    "accounts:login": {"username": "lanshan_clerk", "password": f.PASSWORD},
    "accounts:password_change": {
        "old_password": f.PASSWORD,
        "new_password1": "Matrix-Passw0rd!9",
        "new_password2": "Matrix-Passw0rd!9",
    },
    "accounts:api_tokens": {"name": "矩阵令牌"},
    "set_language": {"language": "en", "next": "/"},
    "institutions:create": {"credit_code": "{new_credit_code}", "county": "{office_lanshan}"},
    "institutions:edit": {"county": "{office_lanshan}", "credit_code": "{credit_code}"},
    "institutions:status": {"to_status": "suspended"},
    "monitoring:warning_transition": {"to_status": "acknowledged"},  # the next step of {w}, an open warning
    "monitoring:warning_bulk_acknowledge": {"warning": ["{w}"], "reason": "矩阵"},  # {w} is the Lanshan one
    "reporting:bulk_review": {"filing": ["{sub}"], "step": "accept"},  # {sub} is a Lanshan filing
    "institutions:shareholder_add": {"holder_type": "enterprise", "credit_code": "{new_credit_code}", "stake": "10"},
    "institutions:shareholder_edit": {"holder_type": "enterprise", "credit_code": "{new_credit_code}", "stake": "10"},
    "institutions:key_person_add": {"id_number": "{new_id_number}", "position": "chairman"},
    "institutions:key_person_edit": {"id_number": "{new_id_number}", "position": "chairman"},
    "ratings:cycle_create": {"year": "2026", "kind": "microloan", "sample_size": "1"},
    "inspections:create": {"institution": "{pk}", "kind": "thematic"},
    "inspections:past_create": {"institution": "{pk}", "kind": "thematic", "source": "矩阵台账"},
    "inspections:member_add": {"user": "{lanshan_inspector}"},
    "inspections:finding_create": {"evidence": ["{ev}"]},
    "accountability:case_open": {"subject_kind": "staff", "subject_user": "{lanshan_clerk}", "items": ["8"]},
    "accountability:transfer_send": {"to_body": "procuratorate"},
    "accountability:transfer_answer": {"answer": "accept"},
    "penalties:case_new": {"institution": "{pk}", "penalty": "sd_fin_51"},
    "documents:acknowledge": {"delivery": "{delivery}"},
    "exchange:export": {"kind": "consolidated-filings", "office": "371300", "period": "2026H1"},
    "exchange:receipt": {"number": "鲁金报〔2026〕1号", "received_at": "2099-01-01T10:00", "outcome": "accepted"},
    "ratings:province_decide": {"level": "I", "reason": "矩阵"},
}

FORM_PREFIXES = {"licensing:review_check": "c{lchk}"}  # each check of the list is a form of its own


def _form_class(route, ctx):
    from django.urls import resolve
    from django.utils.module_loading import import_string

    if route in FORMS:
        return import_string(FORMS[route])
    template, _rule = ROUTES[route]
    view = getattr(resolve(template.split("?")[0].format(**ctx)).func, "view_class", None)
    return getattr(view, "form_class", None)


def _value(name, field, ctx):
    """A value a permitted user could send for a form field."""
    from django import forms

    if isinstance(field, forms.FileField):
        return _upload()
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        qs = field.queryset
        first = qs.order_by("pk").first() if qs is not None else None
        value = str(first.pk) if first is not None else ""
        return [value] if isinstance(field, forms.ModelMultipleChoiceField) else value
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if v not in ("", None) and not isinstance(_label, list | tuple)]
        value = values[0] if values else ""
        return [value] if isinstance(field, forms.MultipleChoiceField) else value
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.DateTimeField):
        return "2026-11-10 09:00"
    if isinstance(field, forms.DateField):
        return "2026-11-10"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "2026" if name == "year" else "1"
    if isinstance(field, forms.EmailField):
        return "matrix@example.com"
    if isinstance(field, forms.URLField):
        return "https://example.com/"
    text = "矩阵测试内容"
    return text[: field.max_length] if getattr(field, "max_length", None) else text


def post_body(route, ctx) -> dict:
    form = _form_class(route, ctx)
    body = {}
    if form is not None:
        prefix = FORM_PREFIXES.get(route, "").format(**ctx)
        for name, field in form.base_fields.items():
            body[f"{prefix}-{name}" if prefix else name] = _value(name, field, ctx)
    for key, value in BODIES.get(route, {}).items():
        body[key.format(**ctx)] = [v.format(**ctx) for v in value] if isinstance(value, list) else value.format(**ctx)
    return body


# The POST answers that differ from the GET table: POST-only routes the GET table could not scope
# (a GET is refused before the object is loaded), and what must not change for a user in reach.
def API_INSTITUTION_POST(user_key):  # noqa: N802
    """Filing a report and pushing loans: an institution's users, for their own institution; anyone
    else is refused (403, as documented) and nothing is stored."""
    return 401 if user_key == "anon" else 200 if _split(user_key)[0] == "inst" else 403


POST_EXPECTED = {
    # Read through a case: GET only; a POST is refused as to anyone outside the role.
    "institutions:detail": VIEW_OBJ,
    "reporting:detail": VIEW_OBJ,
    "accounts:api_token_revoke": rule(roles=set(), institution_user=True, scoped=True),
    "reporting:review": EDIT_OBJ,
    "reporting:bulk_review": EDIT_OBJ,  # the ticked filings are scoped: another county's is 404
    "reporting:office_review": EDIT_OBJ,  # {osub} is Lanshan's: another county's editors get 404
    "monitoring:warning_bulk_acknowledge": WARNING_HANDLE_POST_ONLY,  # likewise the ticked warnings
    "api:file_report": API_INSTITUTION_POST,
    "api:list_filings": API_INSTITUTION_POST,
    "api:push_batch": API_INSTITUTION_POST,
    "api:list_batches": API_INSTITUTION_POST,
    "notifications:read": lambda user_key: 302,  # back to the list (or the notification's page)
}
# The API reads JSON: what an institution's system would send.
FILING_JSON = {"report": "ml_monthly_business", "period": "2026-02", "values": {}}
LOANS_JSON = {"contract_version": "1", "loans": [{"loan_id": "M1", "loan_version": 1}]}
EXPORT_JSON = {"kind": "consolidated-filings", "office": "371300", "period": "2026H1"}
RECEIPT_JSON = {"number": "R-1", "received_at": "2099-01-01T10:00:00+08:00", "outcome": "accepted"}
JSON_BODIES = {
    "api:list_exports": EXPORT_JSON,
    "api:create_export": EXPORT_JSON,
    "api:list_receipts": RECEIPT_JSON,
    "api:record_receipt": RECEIPT_JSON,
    "api:file_report": FILING_JSON,
    "api:list_filings": FILING_JSON,
    "api:push_batch": LOANS_JSON,
    "api:list_batches": LOANS_JSON,
    "api:answer_survey": {"values": {}},
    "api:list_survey_answers": {"values": {}},
}
# Users who reach a route but for whom the POST must change nothing: a notification is read by its
# own user only, anyone else's POST is a no-op; the API's description answers any method as a GET.
POST_CHANGES_NOTHING_FOR = {
    "notifications:read": lambda user_key: user_key != "lanshan:clerk",
    "api:openapi-json": lambda user_key: True,
}
# POST routes open to nobody in this world: the matrix's rating is not final, so there is nothing to
# appeal yet (the appeal itself: tests/ratings).
NOBODY_POSTS_HERE = {"ratings:appeal"}
# What a refusal (4xx) to a user in reach may record besides the audit trail: a wrong second-factor
# code is counted (and the device being enrolled kept); a rejected loan batch is kept with its report.
REFUSAL_RECORDS = {
    "accounts:otp_enrol": ("accounts_authfailure:", "otp_totp_totpdevice:"),
    "api:push_batch": ("loans_loanbatch:",),
    "api:list_batches": ("loans_loanbatch:",),
}


# A refusal may be audited (a rejected filing keeps the attempt): the only change a 4xx may make
# for a user in reach. For a user out of reach, even that is a change.
AUDIT_TABLES = ("audit_auditentry:", "audit_audithead:")
# Tables whose rows are only counted: a session's expiry is renewed on every request (the idle
# timeout, SESSION_SAVE_EVERY_REQUEST), whatever the answer.
COUNTED_ONLY = {"django_session"}


class _Snapshot:
    """Every table's row count and a digest of its rows, the audit head and the stored files: one
    query for the tables (a digest per table: an UPDATE changes no count)."""

    _sql: dict[str, str] = {}  # by database vendor: the tables do not change during a run

    def __init__(self):
        from django.conf import settings
        from django.db import connection

        self._connection, self._media = connection, settings.MEDIA_ROOT
        if connection.vendor not in self._sql:
            self._sql[connection.vendor] = self._query(connection)

    @staticmethod
    def _query(connection) -> str:
        with connection.cursor() as cursor:
            tables = sorted(connection.introspection.table_names(cursor))
            parts = []
            for table in tables:
                t = connection.ops.quote_name(table)
                if table in COUNTED_ONLY:
                    parts.append(f"SELECT '{table}', count(*), '' FROM {t}")
                elif connection.vendor == "postgresql":
                    digest = "coalesce(md5(string_agg(md5(r::text), '' ORDER BY md5(r::text))), '')"
                    parts.append(f"SELECT '{table}', count(*), {digest} FROM {t} r")
                else:
                    columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                    row = " || ',' || ".join(f"quote({connection.ops.quote_name(c)})" for c in columns)
                    parts.append(
                        f"SELECT '{table}', count(*), coalesce(group_concat(r, char(10)), '') "
                        f"FROM (SELECT {row} AS r FROM {t} ORDER BY 1)"
                    )
        return " UNION ALL ".join(parts)

    def take(self) -> dict:
        import hashlib
        import os

        with self._connection.cursor() as cursor:
            cursor.execute(self._sql[self._connection.vendor])
            rows = {t: (n, hashlib.sha256(d.encode()).hexdigest()[:16]) for t, n, d in cursor.fetchall()}
        files = sorted(os.path.join(d, n) for d, _dirs, names in os.walk(self._media) for n in names)
        return {"tables": rows, "files": files}

    @staticmethod
    def diff(before, after) -> list[str]:
        changed = [
            f"{t}: {before['tables'][t][0]} → {after['tables'].get(t, (None,))[0]} rows"
            + ("" if before["tables"][t][0] != after["tables"].get(t, (None,))[0] else " (rows changed)")
            for t in before["tables"]
            if before["tables"][t] != after["tables"].get(t)
        ]
        if before["files"] != after["files"]:
            changed.append(f"files: {sorted(set(after['files']) - set(before['files']))} written")
        return changed


def _post_expectation(route, user_key) -> tuple[str, set[int]]:
    """("out", codes): the POST must answer one of codes and change nothing; ("in", set()): it must
    reach the handler (not 404, not 405 where the route takes POST, never 500)."""
    get_rule = ROUTES[route][1]
    expected = POST_EXPECTED.get(route, get_rule)(user_key)
    takes_post = route in POST_ROUTES
    if expected in (403, 404):
        return "out", {expected} if takes_post else {expected, 405}
    if user_key == "anon" and expected in (302, 401):
        return "out", {expected} if takes_post else {expected, 405}
    if POST_CHANGES_NOTHING_FOR.get(route, lambda u: False)(user_key):
        return "out", {expected}
    if not takes_post:  # a redirect that comes before the method is looked at stays a redirect
        return "out", {405} | ({expected} if expected == 302 else set())
    return "in", set()


def _post_context(ids, users, world) -> dict:
    from finsup.accounts.models import Office

    return {
        **ids,
        "office_lanshan": Office.objects.get(code="371302").pk,
        "credit_code": world.inst_lanshan.credit_code,
        "new_credit_code": f.credit_code(),
        "new_id_number": f.id_number(),
        "lanshan_clerk": users["lanshan:clerk"].pk,
        "lanshan_inspector": users["lanshan:inspector"].pk,
    }


def test_post_routes_table_names_every_handler_that_takes_post():
    """The class-based views that define post are all in POST_ROUTES (function views and the API are
    checked by the pass itself: a route outside POST_ROUTES must answer 405 to whoever reaches it)."""
    from django.urls import get_resolver

    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            else:
                yield f"{ns}{p.name}", getattr(p.callback, "view_class", None)

    takes_post = {
        name
        for name, view in walk(get_resolver().url_patterns)
        if view and "post" in view.http_method_names and hasattr(view, "post")
    }
    assert takes_post - POST_ROUTES == set(), "views that take POST but are not in POST_ROUTES"
    assert POST_ROUTES <= set(ROUTES)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_answers_each_post_as_the_matrix_says(route, matrix_world, client):
    from django.db import transaction

    ids, users, world = matrix_world
    ctx = _post_context(ids, users, world)
    path = ROUTES[route][0].format(**ids)
    snapshot = _Snapshot()
    client.raise_request_exception = False
    wrong, reached = [], []
    for user_key in USERS:
        kind, codes = _post_expectation(route, user_key)
        body = post_body(route, ctx)
        # A plain savepoint, not an atomic block: services that must be the outermost transaction
        # (durable, e.g. recording a loan batch) accept the test's own block but not another one.
        savepoint = transaction.savepoint()
        try:
            client.logout()
            if users[user_key] is not None:
                client.force_login(users[user_key])
            before = snapshot.take()
            if route in JSON_BODIES:
                status = client.post(path, JSON_BODIES[route], content_type="application/json").status_code
            else:
                status = client.post(path, body).status_code
            changed = _Snapshot.diff(before, snapshot.take())
        finally:
            transaction.savepoint_rollback(savepoint)  # the next user meets the world as it was
        if kind == "out":
            if status not in codes:
                wrong.append(f"{user_key}: got {status}, expected {sorted(codes)}")
            if changed:
                wrong.append(f"{user_key}: answered {status} but changed {changed}")
        else:
            reached.append(status)
            if status in (404, 405) or status >= 500:
                wrong.append(f"{user_key}: got {status}, expected the handler to answer")
            elif status >= 400 and [
                c for c in changed if not c.startswith(AUDIT_TABLES + REFUSAL_RECORDS.get(route, ()))
            ]:
                wrong.append(f"{user_key}: refused with {status} but changed {changed}")
    assert not wrong, f"POST {path}\n" + "\n".join(wrong)
    assert reached or route not in POST_ROUTES or route in NOBODY_POSTS_HERE, "a POST route nobody may POST to"
