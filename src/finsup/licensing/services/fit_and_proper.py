"""Fit-and-proper approval (任职资格) of directors, supervisors and executives. The person's current
status stays on institutions.KeyPerson (written through the registry's key_person_save); each
decision is kept here with what it rested on."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.models import User
from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.institutions.choices import ApprovalStatus
from finsup.institutions.models import KeyPerson
from finsup.institutions.services import key_person_save

from ..choices import APPROVAL_KINDS, TRAINING_YEARS
from ..errors import Code
from ..models import FitAndProperDecision
from ._common import outside


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
    person = KeyPerson.objects.select_for_update().select_related("institution__county").get(pk=person.pk)
    county = person.institution.county
    require(by, Action.FIT_AND_PROPER_DECIDE, office=county, outside=outside(county))
    if person.institution.kind not in APPROVAL_KINDS:
        raise ApplicationError(
            _("This kind of institution files its executives; no approval is decided."), code=Code.NO_APPROVAL_FOR_KIND
        )
    if person.approval_status != ApprovalStatus.PENDING:
        raise InvalidTransition(
            _("Only a pending person can be decided; this one is “%(s)s”.")
            % {"s": person.get_approval_status_display()},
            code=Code.PERSON_NOT_PENDING,
        )
    if decision not in (ApprovalStatus.APPROVED, ApprovalStatus.REFUSED):
        raise ApplicationError(_("Choose approve or refuse."), field="decision", code=Code.DECISION_REQUIRED)
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
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
    record = FitAndProperDecision.objects.create(
        key_person=person,
        decision=decision,
        qualification_ok=qualification_ok,
        training_ok=training_ok,
        clean_record_ok=clean_record_ok,
        reason=reason.strip(),
        document_no=document_no.strip(),
        decided_on=decided_on,
        by=by,
        at=timezone.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=record, changes=diff(None, snapshot(record)))
    person.approval_status = decision
    if decision == ApprovalStatus.APPROVED:
        person.approved_on, person.approval_doc_no = decided_on, document_no.strip()
    person.phone = person.phone or ""  # the encrypted field reads an empty phone back as None
    key_person_save(by=by, person=person)
    return record
