"""Supervisory measures: proposed by staff or by the escalation of an overdue rectification,
decided (or dismissed) only by a leader, with reasons; the decision is issued as a document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, may, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.core.lifecycle import transition
from finsup.rulebook.penalties import Penalty, amount_zh, default_penalties

from .. import paperwork
from ..choices import MEASURE_TRANSITIONS, OBSTRUCTION_MEASURE, MeasureKind, MeasureStatus
from ..errors import Code
from ..models import Inspection, Measure
from .common import OUTSIDE, lifecycle_of, lock_inspection, require_text


def _check_links(institution, findings, warnings) -> None:
    if any(f.institution_id != institution.pk for f in findings) or any(
        w.institution_id != institution.pk for w in warnings
    ):
        raise ApplicationError(
            _("Findings and warnings must concern the same institution."), code=Code.SOURCES_OF_DIFFERENT_INSTITUTIONS
        )


@transaction.atomic
def measure_propose(
    *,
    by,
    institution,
    kind: str,
    proposal: str,
    findings: Iterable = (),
    warnings: Iterable = (),
    escalation_level: int | None = None,
    basis: str = "",
    deadline: datetime.date | None = None,
) -> Measure:
    """Proposes a measure; `by=None` is the platform itself (escalation). An undecided proposal of
    the same kind for the institution is reused, so the leader decides each measure once. `basis`
    and `deadline` are what the proposer suggests; the leader's decision form starts from them (a
    later proposal that gives them replaces the earlier suggestion)."""
    findings, warnings = list(findings), list(warnings)
    if by is not None:
        require(by, Action.INSPECTION_RUN, office=institution.county, denied=OUTSIDE)
    proposal = require_text(proposal, "proposal", _("Give the grounds of the proposal."))
    basis = (basis or "").strip()
    if deadline is not None and deadline < clock.today():
        raise ApplicationError(
            _("The proposed deadline has already passed."), field="deadline", code=Code.DEADLINE_IN_THE_PAST
        )
    _check_links(institution, findings, warnings)
    kind = _kind(kind)
    suggested = {k: v for k, v in (("proposed_basis", basis), ("proposed_deadline", deadline)) if v}
    measure = (
        Measure.objects.select_for_update()
        .filter(institution=institution, kind=kind, status=MeasureStatus.PROPOSED)
        .first()
    )
    if measure is None:
        measure = Measure.objects.create(
            institution=institution,
            kind=kind,
            proposal=proposal,
            proposed_by=by,
            proposed_at=clock.now(),
            escalation_level=escalation_level,
            **suggested,
        )
        changes = {"kind": [None, kind], "proposal": [None, proposal]}
        audit_record(action=AuditAction.CREATE, obj=measure, changes=changes | _as_changes(None, suggested))
    else:
        before = {k: getattr(measure, k) for k in suggested}
        for name, value in suggested.items():
            setattr(measure, name, value)
        if suggested:
            measure.save(update_fields=list(suggested))
        changes = {"proposal": [None, proposal]} | _as_changes(before, suggested)
        audit_record(action=AuditAction.UPDATE, obj=measure, changes=changes)
    measure.findings.add(*findings)
    measure.warnings.add(*warnings)
    return measure


def _as_changes(before: dict | None, after: dict) -> dict:
    return {k: [None if before is None else _text(before[k]), _text(v)] for k, v in after.items()}


def _text(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value or None


def can_decide(by, institution) -> bool:
    """A leader of an office over the institution; the policy says so too, checked twice on purpose."""
    return may(by, Action.MEASURE_DECIDE, office=institution.county) and by.role == Role.LEADER


def _require_leader(by, measure: Measure) -> None:
    if not can_decide(by, measure.institution):
        raise PermissionDenied(_("Only a leader may decide a supervisory measure."), code=Code.LEADER_DECIDES_MEASURE)


def _kind(kind: str) -> str:
    if kind not in MeasureKind.values:
        raise ApplicationError(_("Unknown supervisory measure."), field="kind", code=Code.UNKNOWN_MEASURE)
    return kind


def penalty_check(*, institution, penalty: str, fine: Decimal | None, day: datetime.date) -> Penalty | None:
    """The penalty range a fine is imposed under, checked: it applies to the institution's kind on
    `day` and the amount (yuan) lies within it, both ends included. None when no fine is imposed."""
    if not penalty and fine is None:
        return None
    if not penalty:
        raise ApplicationError(
            _("Choose the penalty provision the fine is imposed under."),
            field="penalty",
            code=Code.PENALTY_PROVISION_REQUIRED,
        )
    provision = default_penalties().get(penalty)
    if provision is None or not provision.applies_to(institution.kind, day):
        raise ApplicationError(
            _("This penalty provision does not apply to the institution."),
            field="penalty",
            code=Code.PENALTY_NOT_APPLICABLE,
        )
    if fine is None:
        raise ApplicationError(_("Give the amount of the fine."), field="fine", code=Code.FINE_REQUIRED)
    if not provision.allows(fine):
        raise ApplicationError(
            _("A fine of %(amount)s is outside the range of %(citation)s: %(range)s.")
            % {"amount": amount_zh(fine), "citation": provision.citation, "range": provision.range_zh},
            field="fine",
            code=Code.FINE_OUT_OF_RANGE,
        )
    return provision


# A measure has no event table: its decisions are in the audit trail and its paperwork.
MEASURE = lifecycle_of(Measure, MEASURE_TRANSITIONS, MeasureStatus, "institution__county")


@paperwork.issuing
def measure_decide(
    *,
    by,
    measure: Measure,
    reasons: str,
    basis: str,
    deadline: datetime.date | None = None,
    decision: str = "",
    remedy: str = "",
    penalty: str = "",
    fine: Decimal | None = None,
) -> Measure:
    """The leader's decision, issued as a measure decision (监管措施决定书). With `penalty` (an id of
    rulebook/data/penalties.toml) and `fine` (yuan) the decision also imposes a fine within that range.
    A referral is issued as a referral to the police (移送书), a revocation or a V(2) rating as a
    request to the superior office (请示); `decision` is then the offence suspected or what is asked
    (paperwork.measure_decision)."""
    measure = MEASURE.lock(measure)
    _require_leader(by, measure)
    MEASURE.check(measure.status, MeasureStatus.DECIDED)
    reasons = require_text(reasons, "reasons", _("Give the reasons for the measure."))
    basis = require_text(basis, "basis", _("Cite the legal basis of the measure."))
    provision = penalty_check(institution=measure.institution, penalty=penalty, fine=fine, day=clock.today())
    fields = {"reasons": reasons, "basis": basis, "deadline": deadline, "decided_by": by, "decided_at": clock.now()}
    changes = {"reasons": [None, reasons]}
    if provision is not None:
        fields |= {"penalty_id": provision.id, "penalty_basis": provision.basis_zh, "fine_amount": fine}
        changes |= {"penalty_id": [None, provision.id], "fine_amount": [None, str(fine)]}
    transition(
        measure, to=MeasureStatus.DECIDED, by=by, lifecycle=MEASURE, locked=True, fields=fields, audit_changes=changes
    )
    paperwork.issue([paperwork.measure_decision(measure, office=by.office, decision=decision, remedy=remedy)], by=by)
    return measure


@transaction.atomic
def measure_dismiss(*, by, measure: Measure, reasons: str) -> Measure:
    measure = MEASURE.lock(measure)
    _require_leader(by, measure)
    MEASURE.check(measure.status, MeasureStatus.DISMISSED)
    reasons = require_text(reasons, "reasons", _("Give the reasons for dismissing the proposal."))
    return transition(
        measure,
        to=MeasureStatus.DISMISSED,
        by=by,
        lifecycle=MEASURE,
        locked=True,
        fields={"reasons": reasons, "decided_by": by, "decided_at": clock.now()},
        audit_changes={"reasons": [None, reasons]},
    )


@transaction.atomic
def measure_impose(
    *,
    by,
    institution,
    kind: str,
    reasons: str,
    basis: str,
    findings: Iterable = (),
    warnings: Iterable = (),
    deadline: datetime.date | None = None,
    penalty: str = "",
    fine: Decimal | None = None,
) -> Measure:
    """A leader decides a measure at once (proposal and decision in one step), with a fine if
    `penalty` and `fine` are given (see measure_decide)."""
    if not can_decide(by, institution):
        raise PermissionDenied(_("Only a leader may decide a supervisory measure."), code=Code.LEADER_DECIDES_MEASURE)
    reasons = require_text(reasons, "reasons", _("Give the reasons for the measure."))
    penalty_check(institution=institution, penalty=penalty, fine=fine, day=clock.today())
    findings, warnings = list(findings), list(warnings)
    _check_links(institution, findings, warnings)
    measure = Measure.objects.create(
        institution=institution, kind=_kind(kind), proposal=reasons, proposed_by=by, proposed_at=clock.now()
    )
    measure.findings.add(*findings)
    measure.warnings.add(*warnings)
    audit_record(action=AuditAction.CREATE, obj=measure, changes={"kind": [None, kind]})
    return measure_decide(
        by=by, measure=measure, reasons=reasons, basis=basis, deadline=deadline, penalty=penalty, fine=fine
    )


@transaction.atomic
def inspection_record_obstruction(*, by, inspection: Inspection, account: str) -> Measure:
    """Refusing or obstructing an inspection: for a microloan company the source rates it V(1) at once
    (source (一) 六(一) “拒绝阻碍金融办监督检查，直接评级V(1)级”); proposed here, for a leader to decide."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    account = require_text(account, "account", _("Describe how the inspection was obstructed."))
    institution = inspection.institution
    return measure_propose(
        by=by,
        institution=institution,
        kind=OBSTRUCTION_MEASURE[institution.kind],
        proposal=_("Inspection obstructed (%(title)s): %(account)s") % {"title": inspection.title, "account": account},
    )
