"""The review chain of a filing: the county office accepts or returns it, the city confirms it.
One function per transition: lock the row, check the transition, record the event and the audit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.audit.services import audit_batch
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Event, Lifecycle, transition

from .choices import ALLOWED_TRANSITIONS, SubmissionAction, SubmissionStatus
from .models import Submission, SubmissionEvent

SUBMISSION = Lifecycle(
    model=Submission,
    table=ALLOWED_TRANSITIONS,
    refusal=lambda current, to: (
        _("This filing’s status is “%(from)s”; it cannot change to “%(to)s”.")
        % {"from": SubmissionStatus(current).label, "to": SubmissionStatus(to).label}
    ),
    event=Event(model=SubmissionEvent, owner="submission", note="reason"),
    changed_at_field="status_changed_at",
    select_related=("institution__county",),
)


def _check_reviewer(by, submission: Submission, *, level: str) -> None:
    """Accepting and returning is the county office's step; confirming is the city's."""
    office = by.office
    if not can(by, Action.FILING_REVIEW) or office is None or not office.contains(submission.institution.county):
        raise PermissionDenied(_("You may not review this filing."))
    if level == "county" and office.level not in (OfficeLevel.COUNTY, OfficeLevel.ZONE, OfficeLevel.CITY):
        raise PermissionDenied(_("Filings are accepted by the county office."))
    if level == "city" and office.level not in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
        raise PermissionDenied(_("Filings are confirmed by the city office."))


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
    submission = SUBMISSION.lock(submission)
    _check_reviewer(by, submission, level="county")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted filing can be accepted."))
    record_transition(submission=submission, to_status=SubmissionStatus.ACCEPTED, action=SubmissionAction.ACCEPT, by=by)
    from .evaluation import evaluate_submissions

    evaluate_submissions([submission])
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, by, reason: str) -> Submission:
    submission = SUBMISSION.lock(submission)
    _check_reviewer(by, submission, level="county")
    if not reason.strip():
        raise ApplicationError(_("Say why the filing is returned, so the institution can correct it."), field="reason")
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
    _check_reviewer(by, submission, level="city")
    if submission.status != SubmissionStatus.ACCEPTED:
        raise InvalidTransition(_("Only a filing accepted by the county can be confirmed."))
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
    accepted = []
    for submission in (
        Submission.objects.select_for_update(of=("self",))
        .select_related("institution__county")
        .filter(pk__in=[s.pk for s in submissions], status=SubmissionStatus.SUBMITTED)
    ):
        _check_reviewer(by, submission, level="county")
        record_transition(
            submission=submission, to_status=SubmissionStatus.ACCEPTED, action=SubmissionAction.ACCEPT, by=by
        )
        accepted.append(submission)
    from .evaluation import evaluate_submissions

    evaluate_submissions(accepted)
    return accepted
