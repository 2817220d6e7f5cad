"""Fit-and-proper approval (任职资格) of directors, supervisors and executives. The person's current
status stays on institutions.KeyPerson; each decision is its event, kept here with what it rested
on."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.lifecycle import Event, Lifecycle, move
from finsup.institutions.choices import ApprovalStatus
from finsup.institutions.models import KeyPerson

from ..choices import APPROVAL_KINDS, APPROVAL_TRANSITIONS, TRAINING_YEARS
from ..errors import Code
from ..models import FitAndProperDecision
from ._common import outside

if TYPE_CHECKING:
    from finsup.accounts.models import User

_NOT_PENDING = gettext_lazy("Only a pending person can be decided; this one is “%(s)s”.")
# The person's approval moves once, from pending; the decision is the event of the move.
PERSON = Lifecycle(
    model=KeyPerson,
    table=APPROVAL_TRANSITIONS,
    refusal=lambda current, to: _NOT_PENDING % {"s": ApprovalStatus(current).label},
    event=Event(model=FitAndProperDecision, owner="key_person", from_status=None, to_status="decision", note="reason"),
    status_field="approval_status",
    select_related=("institution__county",),
)


def training_attended(person: KeyPerson, on: datetime.date) -> bool:
    since = on - datetime.timedelta(days=365 * TRAINING_YEARS)
    return person.trainings.filter(attended_on__gte=since, attended_on__lte=on).exists()


@transaction.atomic
def fit_and_proper_decide(
    *,
    by: User,
    person: KeyPerson,
    decision: str,
    qualification_ok: bool,
    clean_record_ok: bool,
    reason: str,
    decided_on: datetime.date | None = None,
    document_no: str = "",
) -> FitAndProperDecision:
    person = PERSON.lock(person)
    county = person.institution.county
    require(by, Action.FIT_AND_PROPER_DECIDE, office=county, outside=outside(county))
    if person.institution.kind not in APPROVAL_KINDS:
        raise ApplicationError(
            _("This kind of institution files its executives; no approval is decided."), code=Code.NO_APPROVAL_FOR_KIND
        )
    PERSON.check(person.approval_status, ApprovalStatus.APPROVED)  # decided at all (refused alike), before the rest
    if decision not in (ApprovalStatus.APPROVED, ApprovalStatus.REFUSED):
        raise ApplicationError(_("Choose approve or refuse."), field="decision", code=Code.DECISION_REQUIRED)
    decided_on = decided_on or clock.today()
    if decided_on > clock.today():
        raise ApplicationError(
            _("The decision date cannot be in the future."), field="decided_on", code=Code.DECISION_IN_FUTURE
        )
    if not reason.strip():
        raise ApplicationError(
            _("Give the reasons for the decision."), field="reason", code=Code.DECISION_REASONS_REQUIRED
        )
    training_ok = training_attended(person, decided_on)
    if decision == ApprovalStatus.APPROVED:
        missing = [
            label
            for ok, label in (
                (qualification_ok, _("qualification")),
                (training_ok, _("training attended in the last two years")),
                (clean_record_ok, _("clean record")),
            )
            if not ok
        ]
        if missing:
            raise ApplicationError(
                _("Cannot approve without: %(missing)s.") % {"missing": "、".join(missing)},
                code=Code.APPROVAL_REQUIREMENTS_MISSING,
            )
        if person.took_office_on and person.took_office_on < decided_on:
            raise ApplicationError(
                _("The person took office before approval; refuse, or correct the date of taking office."),
                field="decision",
                code=Code.TOOK_OFFICE_BEFORE_APPROVAL,
            )
        if not document_no.strip():
            raise ApplicationError(
                _("Give the approval document number."), field="document_no", code=Code.DOCUMENT_NUMBER_REQUIRED
            )
    fields = {"approved_on": decided_on, "approval_doc_no": document_no.strip()}
    person, record = move(
        person,
        to=decision,
        by=by,
        note=reason.strip(),
        lifecycle=PERSON,
        locked=True,
        fields=fields if decision == ApprovalStatus.APPROVED else None,
        event_fields={
            "qualification_ok": qualification_ok,
            "training_ok": training_ok,
            "clean_record_ok": clean_record_ok,
            "document_no": document_no.strip(),
            "decided_on": decided_on,
        },
        audit_changes=(
            {k: [getattr(person, k), v] for k, v in fields.items()} if decision == ApprovalStatus.APPROVED else None
        ),
    )
    audit_record(action=AuditAction.CREATE, obj=record, changes=diff(None, snapshot(record)))
    return record
