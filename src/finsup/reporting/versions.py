"""A new version of a filing, an institution's or an office's: the previous one (if any) superseded
with the correction's reason, the new row, its first event and its audit entry. Nothing filed is
ever overwritten: a correction is a new version that names the one it replaces."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError

from .choices import SubmissionAction, SubmissionStatus
from .errors import Code
from .models import Submission, SubmissionEvent
from .periods import Period
from .workflow import record_transition


def version_add(
    *,
    by,
    previous: Submission | None,
    institution,
    office,
    report_code: str,
    report_version: int,
    period: Period,
    values: dict,
    channel: str,
    reason: str,
    audited: dict,
    document=None,
) -> Submission:
    """Files `values` as the next version after `previous` (the current filing of the period, or
    None). A correction needs its reason; the caller holds the lock that serialises its filers.
    `audited`: what else the audit entry records besides the version and the values."""
    if previous is not None and not reason:
        raise ApplicationError(
            _("This period was already filed (version %(v)s). To change it, file a correction and say why.")
            % {"v": previous.version},
            field="correction_reason",
            code=Code.PERIOD_ALREADY_FILED,
        )
    now = clock.now()
    if previous is not None:
        previous = Submission.objects.select_for_update().get(pk=previous.pk)
        record_transition(
            submission=previous,
            to_status=SubmissionStatus.SUPERSEDED,
            action=SubmissionAction.CORRECT,
            by=by,
            reason=reason,
        )
    submission = Submission.objects.create(
        institution=institution,
        office=office,
        report_code=report_code,
        report_version=report_version,
        period_start=period.start,
        period_end=period.end,
        version=(previous.version + 1) if previous else 1,
        supersedes=previous,
        correction_reason=reason if previous else "",
        status=SubmissionStatus.SUBMITTED,
        values=values,
        channel=channel,
        submitted_by=by,
        submitted_at=now,
        status_changed_at=now,
        document=document,
    )
    SubmissionEvent.objects.create(
        submission=submission,
        action=SubmissionAction.CORRECT if previous else SubmissionAction.SUBMIT,
        from_status="",
        to_status=SubmissionStatus.SUBMITTED,
        by=by,
        at=now,
        reason=reason,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=submission,
        changes={"version": [None, submission.version], "values": [None, submission.values]}
        | {key: [None, value] for key, value in audited.items()},
    )
    return submission
