"""Findings and their rectification: the institution files a report (with evidence), the supervisor
verifies, returns or closes it; follow-up visits are recorded; an overdue rectification escalates
one step a day at most, each step proposing the next supervisory measure."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import transition
from finsup.notifications.services import notify

from ..choices import (
    ESCALATION_LADDER,
    OWING_STATUSES,
    EvidenceOrigin,
    FindingStatus,
    InspectionStatus,
    MeasureKind,
    RectificationDecisionKind,
    Severity,
)
from ..errors import Code
from ..models import (
    EvidenceFile,
    Finding,
    FindingEscalation,
    FollowUpVisit,
    Inspection,
    RectificationDecision,
    RectificationReport,
)
from .common import (
    FINDING,
    NOT_THE_INSTITUTION,
    OUTSIDE,
    lock_inspection,
    require_text,
)
from .evidence import store_evidence
from .inspections import RECTIFICATION_DAYS
from .measures import measure_propose

log = logging.getLogger(__name__)

# Findings are recorded on site and adjusted after the closing talk (source (二) 四(二)3).
_FINDINGS_OPEN = (InspectionStatus.IN_PROGRESS, InspectionStatus.FACT_CONFIRMATION)


@transaction.atomic
def finding_create(
    *,
    by,
    inspection: Inspection,
    title: str,
    description: str,
    citation: str,
    rule_id: str = "",
    severity: str = Severity.MINOR,
    evidence: Iterable[EvidenceFile] = (),
    deadline: datetime.date | None = None,
) -> Finding:
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    if inspection.status not in _FINDINGS_OPEN:
        raise InvalidTransition(
            _("Findings are recorded while the inspection is on site or its facts are confirmed."),
            code=Code.FINDINGS_CLOSED,
        )
    evidence = list(evidence)
    if any(e.inspection_id != inspection.pk for e in evidence):
        raise ApplicationError(
            _("The evidence must belong to this inspection."), field="evidence", code=Code.EVIDENCE_OF_OTHER_INSPECTION
        )
    if severity not in Severity.values:
        raise ApplicationError(_("Unknown severity."), field="severity", code=Code.UNKNOWN_SEVERITY)
    finding = Finding.objects.create(
        inspection=inspection,
        institution=inspection.institution,
        title=require_text(title, "title", _("Give the finding a title.")),
        description=require_text(description, "description", _("Describe what was found.")),
        citation=require_text(citation, "citation", _("Cite the rule or regulation breached.")),
        rule_id=rule_id.strip(),
        severity=severity,
        deadline=deadline,
        deadline_set_explicitly=deadline is not None,
        created_by=by,
        created_at=clock.now(),
    )
    finding.evidence.set(evidence)
    audit_record(
        action=AuditAction.CREATE,
        obj=finding,
        changes=diff(None, snapshot(finding)) | {"evidence": [None, [e.pk for e in evidence]]},
    )
    return finding


@transaction.atomic
def rectification_submit(
    *, by, finding: Finding, text: str, files: Iterable = (), evidence: Iterable[EvidenceFile] = ()
) -> RectificationReport:
    """The institution's rectification report on one finding; after a return, the next version."""
    lock_inspection(finding.inspection)
    finding = FINDING.lock(finding)
    require(by, Action.RECTIFICATION_FILE, institution=finding.institution, denied=NOT_THE_INSTITUTION)
    if finding.inspection.opinion_issued_on is None:
        raise InvalidTransition(_("Rectification starts with the opinion letter."), code=Code.OPINION_LETTER_REQUIRED)
    text = require_text(text, "text", _("Describe the measures taken, who is responsible and when each was done."))
    transition(finding, to=FindingStatus.SUBMITTED, by=by, lifecycle=FINDING, locked=True)
    evidence = list(evidence)
    if any(e.inspection_id != finding.inspection_id or e.origin != EvidenceOrigin.RECTIFICATION for e in evidence):
        raise ApplicationError(
            _("The evidence must belong to this rectification."),
            field="evidence",
            code=Code.EVIDENCE_OF_OTHER_RECTIFICATION,
        )
    evidence += [
        store_evidence(inspection=finding.inspection, file=f, by=by, origin=EvidenceOrigin.RECTIFICATION) for f in files
    ]
    version = finding.reports.count() + 1
    report = RectificationReport.objects.create(
        finding=finding, version=version, text=text, submitted_by=by, submitted_at=clock.now()
    )
    report.evidence.set(evidence)
    audit_record(
        action=AuditAction.CREATE,
        obj=report,
        changes={"version": [None, version], "evidence": [None, [e.pk for e in evidence]]},
    )
    supervisor = finding.institution.lead_supervisor
    transaction.on_commit(
        lambda: notify(
            users=[supervisor],
            title=_("Rectification report filed: %(title)s") % {"title": finding.title},
            key=f"rectification:{report.pk}",
        )
    )
    return report


def _decide(*, by, finding: Finding, decision: str, to: str, reason: str) -> RectificationDecision:
    finding = FINDING.lock(finding)
    require(by, Action.INSPECTION_RUN, office=finding.institution.county, denied=OUTSIDE)
    reason = require_text(reason, "reason", _("Record the reason for the decision."))
    now = clock.now()
    fields = {"closed_at": now} if to == FindingStatus.CLOSED else {}
    transition(finding, to=to, by=by, lifecycle=FINDING, locked=True, at=now, fields=fields)
    row = RectificationDecision.objects.create(
        finding=finding,
        report=finding.reports.order_by("-version").first(),
        decision=decision,
        reason=reason,
        by=by,
        at=now,
    )
    audit_record(action=AuditAction.CREATE, obj=row, changes={"decision": [None, decision], "reason": [None, reason]})
    return row


@transaction.atomic
def rectification_verify(*, by, finding: Finding, reason: str) -> RectificationDecision:
    return _decide(
        by=by, finding=finding, decision=RectificationDecisionKind.VERIFY, to=FindingStatus.VERIFIED, reason=reason
    )


@transaction.atomic
def rectification_return(*, by, finding: Finding, reason: str) -> RectificationDecision:
    row = _decide(
        by=by, finding=finding, decision=RectificationDecisionKind.RETURN, to=FindingStatus.RETURNED, reason=reason
    )
    institution = row.finding.institution
    transaction.on_commit(
        lambda: notify(
            users=institution.users.filter(is_active=True),
            title=_("Rectification report returned: %(title)s") % {"title": row.finding.title},
            key=f"rectification-return:{row.pk}",
        )
    )
    return row


@transaction.atomic
def rectification_close(*, by, finding: Finding, reason: str) -> RectificationDecision:
    return _decide(
        by=by, finding=finding, decision=RectificationDecisionKind.CLOSE, to=FindingStatus.CLOSED, reason=reason
    )


@transaction.atomic
def followup_record(
    *, by, inspection: Inspection, visited_on: datetime.date, notes: str, finding: Finding | None = None
) -> FollowUpVisit:
    """A follow-up visit (整改回访) during or after rectification."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.institution.county, denied=OUTSIDE)
    if inspection.opinion_issued_on is None:
        raise InvalidTransition(
            _("A follow-up visit comes after the opinion letter."), code=Code.OPINION_LETTER_REQUIRED
        )
    if finding is not None and finding.inspection_id != inspection.pk:
        raise ApplicationError(
            _("The finding belongs to another inspection."), field="finding", code=Code.FINDING_OF_OTHER_INSPECTION
        )
    if visited_on > clock.today():
        raise ApplicationError(_("The visit cannot be in the future."), field="visited_on", code=Code.VISIT_IN_FUTURE)
    visit = FollowUpVisit.objects.create(
        inspection=inspection,
        finding=finding,
        visited_on=visited_on,
        notes=require_text(notes, "notes", _("Record what the visit found.")),
        by=by,
        recorded_at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=visit, changes=diff(None, snapshot(visit)))
    return visit


def overdue_findings(as_of: datetime.date):
    """Findings whose rectification is owed and past its deadline on `as_of` (a report filed and
    awaiting review is not: the next step is the supervisor's)."""
    return Finding.objects.filter(
        status__in=OWING_STATUSES, deadline__lt=as_of, inspection__opinion_issued_on__isnull=False
    )


def rectification_overdue(*, as_of: datetime.date) -> list[FindingEscalation]:
    """Escalates each overdue finding one step and proposes the measure of that step (see
    ESCALATION_LADDER); the step sets the next deadline, 30 days on. Idempotent for a day: a
    finding escalates at most once on or after a given date. Run daily (as_of = today)."""
    steps = []
    for pk in overdue_findings(as_of).filter(escalation_level__lt=3).values_list("pk", flat=True):
        with transaction.atomic():
            step = _escalate(pk, as_of)
        if step is not None:
            steps.append(step)
    return steps


def _escalate(pk: int, as_of: datetime.date) -> FindingEscalation | None:
    finding = Finding.objects.select_for_update().select_related("institution__county").get(pk=pk)
    if not overdue_findings(as_of).filter(pk=pk, escalation_level__lt=3).exists():
        return None  # changed since the list was read
    if finding.escalations.filter(on_date__gte=as_of).exists():
        return None
    level = finding.escalation_level + 1
    kind = ESCALATION_LADDER[finding.institution.kind][level - 1]
    missed, next_deadline = finding.deadline, as_of + datetime.timedelta(days=RECTIFICATION_DAYS)
    measure = measure_propose(
        by=None,
        institution=finding.institution,
        kind=kind,
        proposal=_("Rectification of “%(title)s” not completed by %(deadline)s (step %(level)s): %(measure)s.")
        % {"title": finding.title, "deadline": missed.isoformat(), "level": level, "measure": MeasureKind(kind).label},
        findings=[finding],
        escalation_level=level,
    )
    step = FindingEscalation.objects.create(
        finding=finding,
        level=level,
        on_date=as_of,
        missed_deadline=missed,
        next_deadline=next_deadline,
        measure=measure,
    )
    audit_record(
        action=AuditAction.STATUS,
        obj=finding,
        changes={"escalation_level": [level - 1, level], "deadline": [missed, next_deadline], "measure": [None, kind]},
    )
    finding.escalation_level, finding.deadline = level, next_deadline
    finding.save(update_fields=["escalation_level", "deadline"])
    supervisor = finding.institution.lead_supervisor
    transaction.on_commit(
        lambda: notify(
            users=[supervisor],
            title=_("Overdue rectification escalated: %(title)s") % {"title": finding.title},
            key=f"escalation:{step.pk}",
        )
    )
    log.info("finding %s escalated to level %s (%s)", pk, level, kind)
    return step
