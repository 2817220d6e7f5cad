"""Executive interviews (高管约见谈话): prepared (lead interviewer, recorder, outline, notice),
held with a memo, archived. Started from an institution, a risk warning or an inspection finding."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, require, roles_with
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import transition

from .. import paperwork
from ..choices import INTERVIEW_TRANSITIONS, InterviewOrigin, InterviewStatus
from ..errors import Code
from ..models import Interview
from .common import (
    OUTSIDE,
    lifecycle_of,
    notify_institution_after_commit,
    require_text,
)

# Who may be chosen: the lead interviewer runs interviews; a clerk may also keep the record. Never
# the auditor (read-only) nor an oversight body's user.
INTERVIEWER_ROLES = roles_with(Action.INTERVIEW_RUN)
RECORDER_ROLES = INTERVIEWER_ROLES | {Role.CLERK}


def _check_staff_member(user, institution, field: str, roles) -> None:
    if user is None or user.role not in roles or user.office is None or not user.is_active:
        raise ApplicationError(_("Choose a member of staff."), field=field, code=Code.STAFF_REQUIRED)
    if not (user.office.contains(institution.county) or institution.county.contains(user.office)):
        raise ApplicationError(
            _("Choose a member of staff of an office over the institution."),
            field=field,
            code=Code.STAFF_NOT_OVER_INSTITUTION,
        )


@transaction.atomic
def interview_create(
    *,
    by,
    institution,
    lead_interviewer,
    recorder,
    interviewees: str,
    place: str,
    reasons: str,
    outline: str,
    scheduled_at: datetime.datetime,
    warning=None,
    finding=None,
) -> Interview:
    require(by, Action.INTERVIEW_RUN, office=institution.county, denied=OUTSIDE)
    if warning is not None and finding is not None:
        raise ApplicationError(
            _("An interview starts from a warning or from a finding, not both."), code=Code.WARNING_OR_FINDING
        )
    origin = InterviewOrigin.WARNING if warning else InterviewOrigin.FINDING if finding else InterviewOrigin.INSTITUTION
    source = warning or finding
    if source is not None and source.institution_id != institution.pk:
        raise ApplicationError(
            _("The warning or finding concerns another institution."), code=Code.SOURCE_OF_OTHER_INSTITUTION
        )
    _check_staff_member(lead_interviewer, institution, "lead_interviewer", INTERVIEWER_ROLES)
    _check_staff_member(recorder, institution, "recorder", RECORDER_ROLES)
    if lead_interviewer.pk == recorder.pk:
        raise ApplicationError(
            _("The recorder cannot be the lead interviewer."), field="recorder", code=Code.RECORDER_IS_INTERVIEWER
        )
    interview = Interview.objects.create(
        institution=institution,
        office=by.office,
        origin=origin,
        warning=warning,
        finding=finding,
        lead_interviewer=lead_interviewer,
        recorder=recorder,
        interviewees=require_text(interviewees, "interviewees", _("Name who is to attend.")),
        place=require_text(place, "place", _("Give the place of the interview.")),
        reasons=require_text(reasons, "reasons", _("Give the reasons for the interview.")),
        outline=require_text(outline, "outline", _("Write the outline of the interview.")),
        scheduled_at=scheduled_at,
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=interview, changes=diff(None, snapshot(interview)))
    return interview


# An interview has no event table: its moves are in the audit trail.
INTERVIEW = lifecycle_of(Interview, INTERVIEW_TRANSITIONS, InterviewStatus, "institution__county", "office")


@paperwork.issuing
def interview_notify(*, by, interview: Interview, materials: list[str] = (), contact: str = "") -> Interview:
    interview = INTERVIEW.lock(interview)
    require(by, Action.INTERVIEW_RUN, office=interview.institution.county, denied=OUTSIDE)
    if interview.status != InterviewStatus.PREPARING or interview.notified_at is not None:
        raise InvalidTransition(_("The interview notice has already been issued."), code=Code.NOTICE_ALREADY_ISSUED)
    interview.notified_at = clock.now()
    interview.save(update_fields=["notified_at"])
    audit_record(action=AuditAction.UPDATE, obj=interview, changes={"notified_at": [None, interview.notified_at]})
    paperwork.issue([paperwork.interview_notice(interview, materials=list(materials), contact=contact)], by=by)
    notify_institution_after_commit(
        interview.institution,
        title=_("Executive interview on %(date)s") % {"date": f"{timezone.localtime(interview.scheduled_at):%Y-%m-%d}"},
        key=f"interview:{interview.pk}:notice",
    )
    return interview


@paperwork.issuing
def interview_hold(
    *,
    by,
    interview: Interview,
    memo: str,
    held_at: datetime.datetime | None = None,
    requirements: list[str] = (),
) -> Interview:
    """Records that the interview took place, with its memo (高管约见谈话备忘录)."""
    interview = INTERVIEW.lock(interview)
    require(by, Action.INTERVIEW_RUN, office=interview.institution.county, denied=OUTSIDE)
    INTERVIEW.check(interview.status, InterviewStatus.HELD)
    if interview.notified_at is None:
        raise InvalidTransition(_("Issue the interview notice first."), code=Code.INTERVIEW_NOTICE_REQUIRED)
    memo = require_text(memo, "memo", _("Write the interview memo."))
    held_at = held_at or clock.now()
    if held_at > clock.now():
        raise ApplicationError(
            _("The interview cannot be recorded before it is held."), field="held_at", code=Code.INTERVIEW_NOT_HELD
        )
    fields = {"memo": memo, "held_at": held_at}
    transition(interview, to=InterviewStatus.HELD, by=by, lifecycle=INTERVIEW, locked=True, fields=fields)
    paperwork.issue([paperwork.interview_memo(interview, requirements=list(requirements))], by=by)
    return interview


@transaction.atomic
def interview_archive(*, by, interview: Interview) -> Interview:
    interview = INTERVIEW.lock(interview)
    require(by, Action.INTERVIEW_RUN, office=interview.institution.county, denied=OUTSIDE)
    fields = {"archived_at": clock.now()}
    return transition(interview, to=InterviewStatus.ARCHIVED, by=by, lifecycle=INTERVIEW, locked=True, fields=fields)
