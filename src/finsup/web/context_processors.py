from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.accounts.gate import SESSION_KEY as GATE_SESSION_KEY
from finsup.accounts.policies import (
    Action,
    can,
    can_exchange_with_province,
    can_view_audit_trail,
    can_view_duty_account,
    can_view_loan_batches,
)

# (label, url name, action required or a test of the user); shown only to users who pass it.
NAVIGATION = [
    (_("Dashboard"), "dashboard:home", Action.DASHBOARD_VIEW),
    (_("Institutions"), "institutions:list", Action.INSTITUTION_VIEW),
    (_("Risk warnings"), "monitoring:warning_list", Action.WARNING_VIEW),
    (_("Rule breaches"), "monitoring:breach_list", Action.BREACH_ANSWER),
    (_("Filings"), "reporting:list", Action.FILING_VIEW),
    (_("Overdue filings"), "reporting:overdue", Action.FILING_REVIEW),
    (_("Summaries"), "reporting:summaries", Action.SUMMARY_VIEW),
    (_("Rulebook"), "reporting:rulebook", Action.RULEBOOK_VIEW),
    (_("Loan-level data"), "loans:batch_list", can_view_loan_batches),
    (_("Parties across institutions"), "graph:city", Action.RELATION_VIEW),
    (_("Classification ratings"), "ratings:cycle_list", Action.RATING_VIEW),
    (_("On-site inspections"), "inspections:list", Action.INSPECTION_VIEW),
    (_("Rectification"), "inspections:rectification_list", Action.RECTIFICATION_FILE),
    (
        _("Supervisory measures"),
        "measures:measure_list",
        lambda user: can(user, Action.INSPECTION_VIEW) and not user.is_institution_user,
    ),
    (_("Administrative penalties"), "penalties:case_list", Action.PENALTY_VIEW),
    (_("Official documents"), "documents:register", Action.INSTITUTION_VIEW),
    (_("Licensing and annual review"), "licensing:application_list", Action.LICENSING_VIEW),
    (_("Complaints and tip-offs"), "complaints:list", Action.COMPLAINT_VIEW),
    (_("Major risk incidents"), "incidents:list", Action.INCIDENT_VIEW),
    (_("Illegal fundraising"), "fundraising:list", Action.FUNDRAISING_VIEW),
    (_("Outreach"), "outreach:campaign_list", Action.OUTREACH_VIEW),
    (_("Special surveys"), "surveys:list", Action.SURVEY_VIEW),
    (_("Listing pipeline"), "listing:list", Action.LISTING_VIEW),
    (_("Duty register"), "worklog:register", Action.WORKLOG_VIEW),
    (_("Financial operation analysis"), "analysis:month_list", Action.ANALYSIS_VIEW),
    (_("Resident institutions and partners"), "partners:list", Action.PARTNER_VIEW),
    (_("Practitioner qualification"), "qualifications:list", Action.QUALIFICATION_VIEW),
    (_("Self-regulatory organisations"), "qualifications:associations", Action.ASSOCIATION_VIEW),
    (_("Governance and internal control"), "governance:list", Action.GOVERNANCE_VIEW),
    (_("Accountability"), "accountability:duties", can_view_duty_account),
    (_("Accountability cases"), "accountability:case_list", Action.CASE_VIEW),
    (_("Archives"), "archives:register", Action.ARCHIVE_VIEW),
    (_("Audit trail"), "audit:list", can_view_audit_trail),
    (_("API tokens"), "accounts:api_tokens", Action.API_TOKEN_MANAGE),
    (_("Two-step verification of users"), "accounts:otp_users", Action.OTP_RESET),
    (_("Login security"), "accounts:security", lambda user: True),
    (_("Exchange with the province"), "exchange:list", can_exchange_with_province),
    (
        _("Office reports"),
        "reporting:office_reports",
        lambda user: can(user, Action.FILING_VIEW) and not user.is_institution_user and user.office_id is not None,
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or request.session.get(GATE_SESSION_KEY):
        return {"nav_items": []}  # nobody, or a login not finished (second factor, expired password)
    items = [
        {"label": label, "url": reverse(name)}
        for label, name, rule in NAVIGATION
        if (rule(user) if callable(rule) else can(user, rule))
    ]
    # The deepest matching entry is the active one (/filings/rules/ is not also /filings/).
    matches = [item for item in items if request.path.startswith(item["url"])]
    section = None
    if matches:
        section = max(matches, key=lambda item: len(item["url"]))
        section["active"] = True
    from finsup.notifications.services import unread_count

    return {
        "nav_items": items,
        "unread_notifications": unread_count(user),
        "breadcrumb_section": _breadcrumb_section(request, section),
        "on_home_page": request.path == reverse("dashboard:home"),
    }


def _breadcrumb_section(request, section) -> dict | None:
    """The breadcrumbs' second step, after the home page: the menu entry the page belongs to
    (none on the home page itself), marked current on the entry's own page. A template adds the
    steps below it in its `breadcrumbs` block (base.html)."""
    if section is None or section["url"] == reverse("dashboard:home"):
        return None  # the home page has no breadcrumbs (base.html), a page of no entry only its own
    return {**section, "current": request.path == section["url"]}
