"""The help page's content per role: what to do first, and what the statuses the role meets mean.

A status is shown by the label its app's choices give it (so the page and the lists never disagree);
only its meaning is written here, and tests/dashboard/test_help.py fails on a status left without one."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.accountability.choices import CaseStatus, TransferStatus
from finsup.accounts.choices import Role
from finsup.complaints.choices import ComplaintStatus
from finsup.inspections.choices import InspectionStatus
from finsup.institutions.choices import InstitutionStatus
from finsup.monitoring.choices import JustificationStatus, WarningStatus
from finsup.reporting.choices import SubmissionStatus


@dataclass(frozen=True)
class StatusGuide:
    title: Promise
    choices: type[TextChoices]
    meanings: dict[str, Promise]

    def rows(self) -> list[tuple[str, str]]:
        return [(label, self.meanings.get(value, "")) for value, label in self.choices.choices]


@dataclass(frozen=True)
class RoleGuide:
    first_steps: list[tuple[Promise, str]]  # (what to do, the url name of the page where it is done)
    statuses: list[StatusGuide] = field(default_factory=list)


INSTITUTION_STATUSES = StatusGuide(
    _("Institutions"),
    InstitutionStatus,
    {
        "preparing": _("Approved to prepare; not yet open for business."),
        "operating": _("Open for business: files reports and is supervised."),
        "suspended": _("Business suspended by decision; still supervised."),
        "exiting": _("Leaving the industry: winding up its business."),
        "revoked": _("Licence revoked: final."),
    },
)
FILING_STATUSES = StatusGuide(
    _("Filings"),
    SubmissionStatus,
    {
        "submitted": _("Filed by the institution; waits for the county office to accept or return it."),
        "returned": _("Sent back with reasons; the institution files a correction."),
        "accepted": _("Accepted by the county office and checked against the rulebook; waits for the city."),
        "confirmed": _("Confirmed by the city office: the figures count in the summaries."),
        "superseded": _("Replaced by a later correction; kept, never overwritten."),
    },
)
WARNING_STATUSES = StatusGuide(
    _("Risk warnings"),
    WarningStatus,
    {
        "open": _("Raised by a rule breach, a late or missing filing; nobody has taken it up yet."),
        "acknowledged": _("The lead supervisor has taken it up."),
        "rectifying": _("The institution is putting it right."),
        "closed": _("Settled: rectified, justified or a false alarm."),
    },
)
JUSTIFICATION_STATUSES = StatusGuide(
    _("Rule breaches and their justification"),
    JustificationStatus,
    {
        "unanswered": _("The institution has not explained the breach yet."),
        "waiting": _("Explained; the lead supervisor decides."),
        "rejected": _("The explanation was not accepted; the institution answers again."),
        "justified": _("The explanation was accepted; the warning is closed."),
        "false_alarm": _("The rule misfired; the warning is closed."),
    },
)
INSPECTION_STATUSES = StatusGuide(
    _("On-site inspections"),
    InspectionStatus,
    {
        "planned": _("In the approved plan; the team is set up."),
        "notified": _("The inspection notice has gone to the institution."),
        "in_progress": _("The team is on site collecting evidence."),
        "fact_confirmation": _("Findings sent to the institution to confirm the facts."),
        "reported": _("The inspection report and opinion letter are issued."),
        "rectification": _("The institution rectifies the findings by their deadlines."),
        "closed": _("All findings settled."),
        "cancelled": _("Called off before it began, with the reason."),
    },
)
COMPLAINT_STATUSES = StatusGuide(
    _("Complaints and tip-offs"),
    ComplaintStatus,
    {
        "received": _("Received from the portal; to be accepted or declined in time."),
        "accepted": _("Accepted; to be investigated."),
        "investigating": _("Under investigation by the handling office."),
        "resolved": _("The result is recorded; the redacted result may be published."),
        "published": _("The redacted result can be read on the portal under the tracking code."),
        "declined": _("Outside the office's remit; the reason is given."),
    },
)
CASE_STATUSES = StatusGuide(
    _("Accountability cases"),
    CaseStatus,
    {
        "open": _("Opened against a member of staff or a lower office."),
        "investigating": _("The facts are being established."),
        "decided": _("A leader has decided, with reasons."),
        "closed": pgettext_lazy("accountability case help", "Finished; kept for the record."),
    },
)
TRANSFER_STATUSES = StatusGuide(
    _("Cases sent to other bodies"),
    TransferStatus,
    {
        "sent": _("Sent; the receiving body accepts or returns it."),
        "accepted": _("The receiving body handles the case."),
        "returned": _("Sent back with reasons."),
        "concluded": _("The receiving body has concluded and said how."),
    },
)

_STAFF_FIRST = (_("See what waits for you on the dashboard."), "dashboard:home")

GUIDES: dict[str, RoleGuide] = {
    Role.LEADER: RoleGuide(
        [
            _STAFF_FIRST,
            (_("Look at the open risk warnings of your jurisdiction."), "monitoring:warning_list"),
            (_("Decide the supervisory measures proposed to you."), "measures:measure_list"),
            (_("Read the office's own overdue duties and open cases where needed."), "accountability:duties"),
        ],
        [WARNING_STATUSES, FILING_STATUSES, INSPECTION_STATUSES, CASE_STATUSES, TRANSFER_STATUSES],
    ),
    Role.LEAD_SUPERVISOR: RoleGuide(
        [
            _STAFF_FIRST,
            (_("Accept or return the filings waiting for review."), "reporting:list"),
            (_("Take up the open risk warnings of the institutions you supervise."), "monitoring:warning_list"),
            (_("Chase the filings that are late or missing."), "reporting:overdue"),
            (_("Handle the complaints routed to your office."), "complaints:list"),
        ],
        [FILING_STATUSES, WARNING_STATUSES, JUSTIFICATION_STATUSES, COMPLAINT_STATUSES, INSPECTION_STATUSES],
    ),
    Role.INSPECTOR: RoleGuide(
        [
            _STAFF_FIRST,
            (_("Open the inspections you are on and record evidence and findings."), "inspections:list"),
            (_("Read an institution's registry record and filings before going on site."), "institutions:list"),
        ],
        [INSPECTION_STATUSES, WARNING_STATUSES, INSTITUTION_STATUSES],
    ),
    Role.CLERK: RoleGuide(
        [
            _STAFF_FIRST,
            (_("Keep the registry up to date: institutions, shareholders, executives."), "institutions:list"),
            (_("Accept or return the filings waiting for review."), "reporting:list"),
            (_("Record licensing applications and annual reviews."), "licensing:application_list"),
        ],
        [INSTITUTION_STATUSES, FILING_STATUSES, COMPLAINT_STATUSES],
    ),
    Role.AUDITOR: RoleGuide(
        [
            _STAFF_FIRST,
            (_("Read who did what and when in the audit trail (you can change nothing)."), "audit:list"),
            (_("Read the accountability cases of your jurisdiction."), "accountability:case_list"),
        ],
        [FILING_STATUSES, WARNING_STATUSES, CASE_STATUSES],
    ),
    Role.INSTITUTION: RoleGuide(
        [
            (_("File this period's reports by web form or Excel template."), "reporting:list"),
            (_("Explain each rule breach of your filings."), "monitoring:breach_list"),
            (_("Report your rectification of inspection findings by the deadline."), "inspections:rectification_list"),
        ],
        [FILING_STATUSES, JUSTIFICATION_STATUSES],
    ),
    Role.OVERSIGHT: RoleGuide(
        [
            (
                _("Read the accountability cases sent to your body and answer each transfer."),
                "accountability:case_list",
            ),
        ],
        [CASE_STATUSES, TRANSFER_STATUSES],
    ),
    Role.PARTNER: RoleGuide(
        [
            (
                _("Answer the surveys sent to your institution (the month's figures) by web form or Excel template."),
                "surveys:list",
            ),
        ],
    ),
}


def guide_for(user) -> RoleGuide:
    return GUIDES.get(user.role, RoleGuide([_STAFF_FIRST]))
