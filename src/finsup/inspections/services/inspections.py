"""Plans, inspections and their teams: one service per step of the lifecycle
planned → notified → in_progress → fact_confirmation → reported → rectification → closed
(an unannounced ad hoc inspection skips the notice)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import transition

from .. import paperwork
from ..choices import (
    FindingStatus,
    InspectionKind,
    InspectionStatus,
    PaperKind,
    TeamRole,
)
from ..errors import Code
from ..models import Finding, Inspection, InspectionMember, InspectionPlan
from .common import (
    FINDING,
    INSPECTION,
    OUTSIDE,
    lock_inspection,
    move_inspection,
    notify_institution_after_commit,
    require_text,
)

# Source (一) 四(二) and (三) 四(三): “现场检查应至少有2名检查人员”.
MIN_INSPECTORS = 2
TEAM_ROLES = (Role.INSPECTOR, Role.LEAD_SUPERVISOR)
# Source (二) 四(二)4: “被查机构自收到《现场检查意见书》之日起30日内向监管部门提交整改报告”.
RECTIFICATION_DAYS = 30
_TEAM_OPEN = (InspectionStatus.PLANNED, InspectionStatus.NOTIFIED)


@transaction.atomic
def plan_create(*, by, year: int, title: str) -> InspectionPlan:
    require(by, Action.INSPECTION_RUN, office=by.office, denied=OUTSIDE)
    title = require_text(title, "title", _("Give the plan a title."))
    if InspectionPlan.objects.filter(office=by.office, year=year, title=title).exists():
        raise ApplicationError(
            _("This office already has a plan with this title for that year."), field="title", code=Code.PLAN_EXISTS
        )
    plan = InspectionPlan.objects.create(
        office=by.office, year=year, title=title, created_by=by, created_at=clock.now()
    )
    audit_record(action=AuditAction.CREATE, obj=plan, changes=diff(None, snapshot(plan)))
    return plan


@transaction.atomic
def plan_approve(*, by, plan: InspectionPlan) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().select_related("office").get(pk=plan.pk)
    require(by, Action.INSPECTION_PLAN_APPROVE, office=plan.office, denied=OUTSIDE)
    if plan.approved_at is not None:
        raise InvalidTransition(_("This plan is already approved."), code=Code.PLAN_ALREADY_APPROVED)
    plan.approved_by, plan.approved_at = by, clock.now()
    plan.save(update_fields=["approved_by", "approved_at"])
    audit_record(action=AuditAction.STATUS, obj=plan, changes={"approved_by": [None, by.pk]})
    return plan


@transaction.atomic
def inspection_create(
    *,
    by,
    institution,
    kind: str,
    title: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    unannounced: bool = False,
    scope_text: str = "",
    legal_basis: str = "",
    plan: InspectionPlan | None = None,
) -> Inspection:
    """An inspection conducted by the actor's office, which must supervise the institution."""
    require(by, Action.INSPECTION_RUN, office=institution.county, denied=OUTSIDE)
    if unannounced and kind != InspectionKind.AD_HOC:
        raise ApplicationError(
            _("Only an ad hoc inspection may be unannounced."), field="unannounced", code=Code.UNANNOUNCED_ONLY_AD_HOC
        )
    if planned_end < planned_start:
        raise ApplicationError(
            _("The inspection cannot end before it starts."), field="planned_end", code=Code.ENDS_BEFORE_START
        )
    if plan is not None and plan.office_id != by.office_id:
        raise ApplicationError(_("The plan belongs to another office."), field="plan", code=Code.PLAN_OF_OTHER_OFFICE)
    inspection = Inspection.objects.create(
        institution=institution,
        office=by.office,
        plan=plan,
        kind=kind,
        unannounced=unannounced,
        title=require_text(title, "title", _("Give the inspection a title.")),
        scope_text=require_text(scope_text, "scope_text", _("Describe the scope of the inspection.")),
        legal_basis=legal_basis.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=inspection, changes=diff(None, snapshot(inspection)))
    return inspection


@transaction.atomic
def member_add(*, by, inspection: Inspection, user, team_role: str = TeamRole.MEMBER) -> InspectionMember:
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    if inspection.status not in _TEAM_OPEN:
        raise InvalidTransition(_("The team can change only before the inspection starts."), code=Code.TEAM_LOCKED)
    if user.role not in TEAM_ROLES or user.office_id != inspection.office_id or not user.is_active:
        raise ApplicationError(
            _("Team members are inspectors or lead supervisors of the conducting office."),
            field="user",
            code=Code.NOT_ELIGIBLE_FOR_TEAM,
        )
    existing = inspection.members.filter(user=user).first()
    if existing is not None:
        if existing.has_conflict:
            raise ApplicationError(
                _("This person declared a conflict of interest and cannot join the team."),
                code=Code.MEMBER_HAS_CONFLICT,
            )
        raise ApplicationError(_("This person is already on the team."), field="user", code=Code.ALREADY_ON_TEAM)
    if team_role == TeamRole.LEADER and inspection.members.filter(team_role=TeamRole.LEADER, withdrawn_at=None):
        raise ApplicationError(_("The team already has a leader."), field="team_role", code=Code.TEAM_HAS_LEADER)
    member = InspectionMember.objects.create(inspection=inspection, user=user, team_role=team_role)
    audit_record(
        action=AuditAction.CREATE, obj=member, changes={"user": [None, user.pk], "team_role": [None, team_role]}
    )
    return member


@transaction.atomic
def member_declare(*, by, member: InspectionMember, has_conflict: bool, declaration: str) -> InspectionMember:
    """The member's own declaration of interests. A declared conflict takes the member off the team."""
    member = (
        InspectionMember.objects.select_for_update().select_related("inspection__institution__county").get(pk=member.pk)
    )
    if by.pk != member.user_id:
        raise PermissionDenied(_("Only the team member may make this declaration."), code=Code.NOT_THE_DECLARANT)
    if member.inspection.status not in _TEAM_OPEN:
        raise InvalidTransition(_("The team can change only before the inspection starts."), code=Code.TEAM_LOCKED)
    if member.declared_at is not None:
        raise InvalidTransition(_("This declaration has already been made."), code=Code.ALREADY_DECLARED)
    text = declaration.strip()
    if has_conflict and not text:
        raise ApplicationError(
            _("Describe the conflict of interest."), field="declaration", code=Code.CONFLICT_DESCRIPTION_REQUIRED
        )
    now = clock.now()
    member.has_conflict = has_conflict
    member.declaration = text or _("I have no conflict of interest with the inspected institution.")
    member.declared_at = now
    member.withdrawn_at = now if has_conflict else None
    member.save(update_fields=["has_conflict", "declaration", "declared_at", "withdrawn_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=member,
        changes={"has_conflict": [None, has_conflict], "declared_at": [None, now]},
    )
    return member


def _team_problems(inspection: Inspection) -> list[str]:
    team = list(inspection.members.filter(withdrawn_at=None).select_related("user"))
    problems = []
    inspectors = [m for m in team if m.user.role in TEAM_ROLES and m.user.is_active]
    if len(inspectors) < MIN_INSPECTORS:
        problems.append(_("An on-site inspection needs at least two inspectors."))
    if not any(m.team_role == TeamRole.LEADER for m in team):
        problems.append(_("Name the team leader."))
    if any(m.declared_at is None for m in team):
        problems.append(_("Every team member must declare their interests before the inspection starts."))
    return problems


@paperwork.issuing
def inspection_notify(*, by, inspection: Inspection, materials: list[str] = (), contact: str = "") -> Inspection:
    """Issues the inspection notice to the institution (never for an unannounced inspection)."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    if inspection.unannounced:
        raise InvalidTransition(_("An unannounced inspection sends no notice."), code=Code.UNANNOUNCED_HAS_NO_NOTICE)
    if not inspection.members.filter(withdrawn_at=None).exists():
        raise ApplicationError(
            _("Form the inspection team before the notice is issued."), field="team", code=Code.TEAM_REQUIRED
        )
    now = clock.now()
    move_inspection(inspection, to=InspectionStatus.NOTIFIED, by=by, at=now, fields={"notified_at": now})
    paperwork.issue([paperwork.inspection_notice(inspection, materials=list(materials), contact=contact)], by=by)
    return inspection


@transaction.atomic
def inspection_start(
    *, by, inspection: Inspection, at: datetime.datetime | None = None, early_start_reason: str = ""
) -> Inspection:
    """The team is on site. `at` records a start entered afterwards; it cannot be in the future.
    A start before the planned start day needs a reason, kept on the inspection, in its event and in
    the audit trail (the documents print the actual dates, so the change of plan must be explained)."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    now = clock.now()
    at = at or now
    if at > now:
        raise ApplicationError(_("The start cannot be in the future."), field="at", code=Code.START_IN_FUTURE)
    if inspection.status == InspectionStatus.PLANNED and not inspection.unannounced:
        raise InvalidTransition(
            _("Issue the inspection notice before the inspection starts."), code=Code.NOTICE_REQUIRED
        )
    reason = (early_start_reason or "").strip()
    early = timezone.localdate(at) < inspection.planned_start
    if early and not reason:
        raise ApplicationError(
            _("The inspection is planned to start on %(date)s: give the reason for starting earlier.")
            % {"date": inspection.planned_start.isoformat()},
            field="early_start_reason",
            code=Code.EARLY_START_REASON_REQUIRED,
        )
    problems = _team_problems(inspection)
    if problems:
        raise ApplicationError(" ".join(problems), code=Code.TEAM_INCOMPLETE, errors=[("team", p) for p in problems])
    fields = {"started_at": at}
    if early:
        fields["early_start_reason"] = reason
    move_inspection(
        inspection,
        to=InspectionStatus.IN_PROGRESS,
        by=by,
        at=at,
        note=reason if early else "",
        fields=fields,
        audit_changes={name: [None, value] for name, value in fields.items()},
    )
    return inspection


@paperwork.issuing
def inspection_present_facts(
    *, by, inspection: Inspection, facts: list[str], assessment: str, ended_at: datetime.datetime | None = None
) -> Inspection:
    """The facts and assessment (检查事实与评价), and the confirmation of facts (现场检查情况确认书)
    the institution's head is asked to sign. Presenting them ends the on-site work: `ended_at`
    (default now; not in the future nor before the start) is the last on-site day the documents print."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    facts = [f.strip() for f in facts if f and f.strip()]
    if not facts:
        raise ApplicationError(_("List the facts found on site."), field="facts", code=Code.FACTS_REQUIRED)
    INSPECTION.check(inspection.status, InspectionStatus.FACT_CONFIRMATION)
    assessment = require_text(assessment, "assessment", _("Write the assessment."))
    now = clock.now()
    ended_at = ended_at or now
    if ended_at > now or (inspection.started_at is not None and ended_at < inspection.started_at):
        raise ApplicationError(
            _("The on-site work ends between the start of the inspection and now."),
            field="ended_at",
            code=Code.ONSITE_END_INVALID,
        )
    move_inspection(
        inspection,
        to=InspectionStatus.FACT_CONFIRMATION,
        by=by,
        at=now,
        fields={"assessment": assessment, "onsite_ended_at": ended_at},
        audit_changes={"onsite_ended_at": [None, ended_at]},
    )
    paperwork.issue(paperwork.facts_and_confirmation(inspection, facts=facts), by=by)
    return inspection


@paperwork.issuing
def inspection_report(
    *,
    by,
    inspection: Inspection,
    confirmed_by: str,
    confirmed_on: datetime.date,
    overview: str,
    recommendations: list[str] = (),
) -> Inspection:
    """Records the signed confirmation of facts and issues the inspection report (现场检查报告)."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    confirmed_by = require_text(
        confirmed_by, "confirmed_by", _("Give the name of the institution's head who signed the confirmation.")
    )
    overview = require_text(overview, "overview", _("Write the overview of the inspection."))
    now = clock.now()
    fields = {"facts_confirmed_by": confirmed_by, "facts_confirmed_on": confirmed_on, "reported_at": now}
    move_inspection(inspection, to=InspectionStatus.REPORTED, by=by, at=now, fields=fields)
    request = paperwork.inspection_report(inspection, overview=overview, recommendations=list(recommendations))
    paperwork.issue([request], by=by)
    return inspection


@paperwork.issuing
def inspection_issue_opinion(*, by, inspection: Inspection, requirements: list[str]) -> Inspection:
    """The opinion letter (现场检查意见书) and the rectification notice (整改通知书): each finding without
    a deadline of its own gets 30 days from the letter's date. An inspection without findings is
    closed instead (inspection_close)."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    findings = list(inspection.findings.select_for_update().order_by("pk"))
    if not findings:
        raise InvalidTransition(
            _("An inspection without findings is closed, not followed by an opinion letter."), code=Code.NO_FINDINGS
        )
    requirements = [r.strip() for r in requirements if r and r.strip()]
    if not requirements:
        raise ApplicationError(
            _("State what the institution must do."), field="requirements", code=Code.REQUIREMENTS_REQUIRED
        )
    move_inspection(inspection, to=InspectionStatus.RECTIFICATION, by=by)
    # Deadlines printed in the letter are counted from today, the day it is finalised and dated.
    today = clock.today()
    for finding in findings:
        _start_rectification(finding, today, by=by)
    default_deadline = today + datetime.timedelta(days=RECTIFICATION_DAYS)
    requests = paperwork.opinion_and_notice(
        inspection, rows=findings, deadline=default_deadline, requirements=requirements
    )
    paperwork.issue(requests, by=by)
    return inspection


def documents_signed_off(sender, *, documents, **kwargs) -> None:
    """When a leader signs off documents of these procedures (finsup.documents.signals.signed_off, in
    the sign-off's transaction): their records take the number, an inspection notice is sent to the
    institution, and an opinion letter opens the rectification to the institution (its findings,
    deadlines and reports become the institution's from the day it is signed)."""
    for issued in paperwork.record_sign_off(documents):
        inspection = issued.inspection
        if inspection is None:
            continue
        if issued.kind == PaperKind.INSPECTION_NOTICE:
            notify_institution_after_commit(
                inspection.institution,
                title=_("Inspection notice: %(title)s") % {"title": inspection.title},
                key=f"inspection:{inspection.pk}:notice",
            )
        elif issued.kind == PaperKind.OPINION_LETTER and inspection.opinion_issued_on is None:
            inspection = lock_inspection(inspection)
            inspection.opinion_issued_on = timezone.localdate(issued.issued_at)
            inspection.save(update_fields=["opinion_issued_on"])
            notify_institution_after_commit(
                inspection.institution,
                title=_("Rectification notice: %(title)s") % {"title": inspection.title},
                key=f"inspection:{inspection.pk}:rectification",
            )


def _start_rectification(finding: Finding, issued_on: datetime.date, *, by) -> None:
    deadline = finding.deadline
    if not finding.deadline_set_explicitly:
        deadline = issued_on + datetime.timedelta(days=RECTIFICATION_DAYS)
    transition(
        finding,
        to=FindingStatus.RECTIFYING,
        by=by,
        lifecycle=FINDING,
        locked=True,  # the findings were locked with the inspection
        fields={"deadline": deadline},
        audit_changes={"deadline": [finding.deadline, deadline]},
    )


@transaction.atomic
def inspection_close(*, by, inspection: Inspection, note: str = "") -> Inspection:
    """Closes a reported inspection without findings, or one whose findings are all closed."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    if inspection.findings.exclude(status=FindingStatus.CLOSED).exists():
        raise InvalidTransition(
            _("Every finding must be closed before the inspection closes."), code=Code.FINDINGS_OPEN
        )
    now = clock.now()
    move_inspection(inspection, to=InspectionStatus.CLOSED, by=by, note=note.strip(), at=now, fields={"closed_at": now})
    return inspection


@transaction.atomic
def inspection_cancel(*, by, inspection: Inspection, reason: str) -> Inspection:
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    reason = require_text(reason, "reason", _("Record why the inspection is cancelled."))
    move_inspection(inspection, to=InspectionStatus.CANCELLED, by=by, note=reason)
    return inspection
