"""The review chain of a filing: the county office accepts or returns it, the city confirms it.
One function per transition: lock the row, check the transition, record the event and the audit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require
from finsup.audit.services import audit_batch
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, move_many, refused_move, transition

from .choices import ALLOWED_TRANSITIONS, SubmissionAction, SubmissionStatus
from .errors import Code
from .models import Submission, SubmissionEvent

SUBMISSION = Lifecycle(
    model=Submission,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(
        gettext_lazy("This filing’s status is “%(from)s”; it cannot change to “%(to)s”."), SubmissionStatus
    ),
    event=Event(model=SubmissionEvent, owner="submission", note="reason"),
    changed_at_field="status_changed_at",
    select_related=("institution__county", "office"),  # the office: its path goes into the audit entry
)


# Who reviews a filing, for `require`: staff of an office over the institution's county, with
# FILING_REVIEW. Accepting and returning is the county office's step (the city may take it too);
# confirming is the city's.
_NOT_REVIEWER = gettext_lazy("You may not review this filing.")
COUNTY_STEP = {
    "denied": _NOT_REVIEWER,
    "levels": (OfficeLevel.COUNTY, OfficeLevel.ZONE, OfficeLevel.CITY),
    "wrong_level": gettext_lazy("Filings are accepted by the county office."),
}
CITY_STEP = {
    "denied": _NOT_REVIEWER,
    "levels": (OfficeLevel.CITY, OfficeLevel.PROVINCE),
    "wrong_level": gettext_lazy("Filings are confirmed by the city office."),
}


def record_transition(*, submission: Submission, to_status: str, action: str, by, reason: str = "") -> Submission:
    """Moves a submission locked by the caller to `to_status` if allowed; writes the event and the audit entry."""
    return transition(
        submission,
        to=to_status,
        by=by,
        note=reason,
        lifecycle=SUBMISSION,
        locked=True,
        event_fields={"action": action},
        audit_changes={"reason": [None, reason or None]},
    )


@transaction.atomic
def submission_accept(*, submission: Submission, by) -> Submission:
    from .evaluation import evaluate_submissions

    submission = SUBMISSION.lock(submission)
    # The audit entries (the acceptance, the warnings the evaluation opens) as one write, the audit
    # chain's head locked after the filing's row, in the order every other step takes the two.
    with audit_batch():
        submission = _accept_unevaluated(submission, by, locked=True)
        evaluate_submissions([submission])
    return submission


def _accept_unevaluated(submission: Submission, by, *, locked: bool = False) -> Submission:
    if not locked:
        submission = SUBMISSION.lock(submission)
    require(by, Action.FILING_REVIEW, office=submission.institution.county, **COUNTY_STEP)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted filing can be accepted."), code=Code.NOT_SUBMITTED)
    record_transition(submission=submission, to_status=SubmissionStatus.ACCEPTED, action=SubmissionAction.ACCEPT, by=by)
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, by, reason: str) -> Submission:
    submission = SUBMISSION.lock(submission)
    require(by, Action.FILING_REVIEW, office=submission.institution.county, **COUNTY_STEP)
    if not reason.strip():
        raise ApplicationError(
            _("Say why the filing is returned, so the institution can correct it."),
            field="reason",
            code=Code.RETURN_REASON_REQUIRED,
        )
    record_transition(
        submission=submission,
        to_status=SubmissionStatus.RETURNED,
        action=SubmissionAction.RETURN,
        by=by,
        reason=reason.strip(),
    )
    return submission


@transaction.atomic
def submission_confirm(*, submission: Submission, by) -> Submission:
    submission = SUBMISSION.lock(submission)
    require(by, Action.FILING_REVIEW, office=submission.institution.county, **CITY_STEP)
    if submission.status != SubmissionStatus.ACCEPTED:
        raise InvalidTransition(
            _("Only a filing accepted by the county can be confirmed."), code=Code.NOT_ACCEPTED_BY_COUNTY
        )
    record_transition(
        submission=submission, to_status=SubmissionStatus.CONFIRMED, action=SubmissionAction.CONFIRM, by=by
    )
    return submission


@transaction.atomic
def submissions_accept_batch(*, submissions: list[Submission], by) -> list[Submission]:
    """Accepts many submitted filings (each checked and recorded like one), then evaluates them
    against the rulebook in one batch."""
    with audit_batch():
        return _accept_batch(submissions, by)


def _accept_batch(submissions: list[Submission], by) -> list[Submission]:
    accepted = list(
        Submission.objects.select_for_update(of=("self",))
        .select_related(*SUBMISSION.select_related)
        .filter(pk__in=[s.pk for s in submissions], status=SubmissionStatus.SUBMITTED)
    )
    for county in sorted({s.institution.county for s in accepted}, key=lambda office: office.path):
        require(by, Action.FILING_REVIEW, office=county, **COUNTY_STEP)  # the same answer for each filing
    move_many(
        accepted,
        to=SubmissionStatus.ACCEPTED,
        by=by,
        lifecycle=SUBMISSION,
        event_fields={"action": SubmissionAction.ACCEPT},
        audit_changes={"reason": [None, None]},  # as record_transition records an acceptance
    )
    from .evaluation import evaluate_submissions

    evaluate_submissions(accepted)
    return accepted


ACCEPT, CONFIRM = "accept", "confirm"
BULK_STEPS = (ACCEPT, CONFIRM)


@transaction.atomic
def submissions_review_bulk(*, submissions: list[Submission], step: str, by) -> int:
    """Accepts (the county) or confirms (the city) the selected filings, all or nothing: each goes
    through the same checks and writes its own event and audit entry as when reviewed alone; the
    first refusal names the filing and why, and rolls every other back. Accepted filings are then
    evaluated against the rulebook in one batch. Returns how many were reviewed."""
    if step not in BULK_STEPS:
        raise ApplicationError(_("Unknown review step."), code=Code.UNKNOWN_REVIEW_STEP)
    if not submissions:
        raise ApplicationError(_("Select at least one filing."), code=Code.NOTHING_SELECTED)
    with audit_batch():
        reviewed = []
        for submission in submissions:
            try:
                if step == ACCEPT:
                    reviewed.append(_accept_unevaluated(submission, by))
                else:
                    reviewed.append(submission_confirm(submission=submission, by=by))
            except ApplicationError as exc:
                exc.message = _("%(filing)s: %(reason)s Nothing was changed.") % {
                    "filing": filing_name(submission),
                    "reason": exc.message,
                }
                exc.args = (exc.message,)
                raise
        if step == ACCEPT:
            from .evaluation import evaluate_submissions

            evaluate_submissions(reviewed)
    return len(reviewed)


def filing_name(submission: Submission) -> str:
    """A filing as people name it: institution, report and period end (no codes)."""
    from .catalogue_access import report_name

    who = submission.institution or submission.office
    return f"{who} · {report_name(submission.report_code)} · {submission.period_end:%Y-%m-%d}"
