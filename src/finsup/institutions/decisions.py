"""The registry written by decisions: an approved establishment enters the institution with its
shareholders and executives, an approved change writes the shareholdings, people and capital, a
termination closes the institution. Each change is also a `DecisionChange` row naming the decision
(what was there before, since when, and what came after), so the institution page shows which
decision changed what. The writes themselves go through the registry's own services (audited,
jurisdiction checked); the procedure deciding (licensing) calls these and never the models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core.errors import ApplicationError
from finsup.core.personal_data import lookup_hash
from finsup.core.validators import normalize_credit_code, normalize_id_number

from . import services
from .choices import DecisionItem, HolderType, InstitutionStatus
from .errors import Code
from .models import DecisionChange, Institution, KeyPerson, Shareholder

if TYPE_CHECKING:
    from finsup.accounts.models import Office, User


@dataclass(frozen=True)
class Decision:
    """The decision that changes the registry: where it was taken (`source`, e.g.
    "licensing.application") and its key, its document number, the day it takes effect and why."""

    source: str
    pk: int
    document_no: str
    effective_on: datetime.date
    reason: str


@dataclass(frozen=True)
class ShareholderEntry:
    """A shareholder as a decision names it: its new stake (0: it leaves) and subscribed capital."""

    name: str
    holder_type: str
    identifier: str  # a person's resident ID number (in clear, here only), an enterprise's credit code
    stake: Decimal
    subscribed_capital: Decimal


@dataclass(frozen=True)
class PersonEntry:
    """A director, supervisor or executive appointed (or leaving office, `leaves`) by a decision."""

    name: str
    position: str
    id_number: str
    leaves: bool = False


def _record(*, by: User, institution: Institution, decision: Decision, item: str, subject: str = "", **fields):
    change = DecisionChange.objects.create(
        institution=institution,
        item=item,
        subject=subject[:100],
        effective_on=decision.effective_on,
        decision_source=decision.source,
        decision_id=decision.pk,
        document_no=decision.document_no,
        recorded_by=by,
        **fields,
    )
    shown = snapshot(change)
    for key in ("decision_source", "decision_id"):  # keys for programs; the document number names it
        shown.pop(key)
    audit_record(action=AuditAction.CREATE, obj=change, changes=diff(None, shown))
    return change


def _money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _stake(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.0001")))


@transaction.atomic
def institution_establish(
    *,
    by: User,
    decision: Decision,
    data: dict,
    business_region: list[Office],
    shareholders: list[ShareholderEntry],
    people: list[PersonEntry],
    approval_status: str,
) -> Institution:
    """Enters an approved institution in the registry (preparing to open: its opening is a status
    change of the registry) with its approved region, licence, shareholders and executives."""
    if not shareholders or not people:
        raise ApplicationError(
            _("The establishment names no shareholders or no executives: the registry cannot be written."),
            code=Code.ESTABLISHMENT_DATA_MISSING,
        )
    fields = dict(data) | {
        "established_on": decision.effective_on,
        "approved_on": decision.effective_on,
        "approval_doc_no": decision.document_no,
    }
    institution = services.institution_create(
        by=by, data=fields, business_region=business_region, status=InstitutionStatus.PREPARING
    )
    _record(
        by=by,
        institution=institution,
        decision=decision,
        item=DecisionItem.ESTABLISHMENT,
        subject=institution.name,
        after={
            "name": institution.name,
            "registered_capital": _money(institution.registered_capital),
            "approval_doc_no": institution.approval_doc_no,
        },
    )
    for entry in shareholders:
        _shareholder_set(by=by, institution=institution, decision=decision, entry=entry)
    for entry in people:
        _person_appoint(by=by, institution=institution, decision=decision, entry=entry, approval_status=approval_status)
    return institution


@transaction.atomic
def registry_change_apply(
    *,
    by: User,
    institution: Institution,
    decision: Decision,
    data: dict | None = None,
    business_region: list[Office] | None = None,
    shareholders: list[ShareholderEntry] = (),
    people: list[PersonEntry] = (),
    approval_status: str = "",
) -> None:
    """Writes an approved change: name, capital, address, region, shareholdings (the old stake kept
    in the decision's history with the date it was held since), people appointed or leaving."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    data = dict(data or {})
    if data or business_region is not None:
        before = _facts(institution)
        institution = services.institution_update(
            by=by, institution=institution, data=data, business_region=business_region
        )
        after = _facts(institution)
        for item, keys in FACT_ITEMS.items():
            old, new = {k: before[k] for k in keys}, {k: after[k] for k in keys}
            if old != new:
                _record(by=by, institution=institution, decision=decision, item=item, before=old, after=new)
    current = {s.pk: s for s in institution.shareholders.all()}
    # Stakes that fall first: the total never passes 100% on the way.
    ordered = sorted(shareholders, key=lambda e: e.stake - _held(current, e))
    for entry in ordered:
        _shareholder_set(by=by, institution=institution, decision=decision, entry=entry)
    for entry in people:
        if entry.leaves:
            _person_leaves(by=by, institution=institution, decision=decision, entry=entry)
        else:
            _person_appoint(
                by=by, institution=institution, decision=decision, entry=entry, approval_status=approval_status
            )


FACT_ITEMS = {
    DecisionItem.NAME: ("name",),
    DecisionItem.CAPITAL: ("registered_capital", "paid_in_capital"),
    DecisionItem.ADDRESS: ("address",),
    DecisionItem.BUSINESS_REGION: ("business_region",),
}


def _facts(institution: Institution) -> dict:
    return {
        "name": institution.name,
        "registered_capital": _money(institution.registered_capital),
        "paid_in_capital": _money(institution.paid_in_capital),
        "address": institution.address,
        "business_region": sorted(o.short_name for o in institution.business_region.all()),
    }


@transaction.atomic
def institution_close(*, by: User, institution: Institution, decision: Decision) -> None:
    """A termination: the institution exits (status, date, decision) and the decision is recorded."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = institution.status
    if before != InstitutionStatus.EXITING:
        services.institution_change_status(
            by=by,
            institution=institution,
            to_status=InstitutionStatus.EXITING,
            effective_on=decision.effective_on,
            reason=_("Termination approved: %(reason)s") % {"reason": decision.reason},
            document_no=decision.document_no,
        )
    _record(
        by=by,
        institution=institution,
        decision=decision,
        item=DecisionItem.CLOSURE,
        subject=institution.name,
        before={"status": before},
        after={"status": InstitutionStatus.EXITING, "closed_on": decision.effective_on.isoformat()},
    )


def _find_shareholder(institution: Institution, entry: ShareholderEntry) -> Shareholder | None:
    rows = Shareholder.objects.filter(institution=institution)
    if entry.holder_type == HolderType.PERSON:
        found = rows.filter(id_number_hash=lookup_hash(normalize_id_number(entry.identifier))).first()
    else:
        found = rows.filter(credit_code=normalize_credit_code(entry.identifier)).first()
    return found or rows.filter(name=entry.name).first()


def _held(current: dict, entry: ShareholderEntry) -> Decimal:
    for s in current.values():
        if s.name == entry.name or (s.credit_code and s.credit_code == normalize_credit_code(entry.identifier)):
            return s.stake
    return Decimal(0)


def _shareholder_set(*, by: User, institution: Institution, decision: Decision, entry: ShareholderEntry) -> None:
    old = _find_shareholder(institution, entry)
    before, since = {}, None
    if old is not None:
        before = {"stake": _stake(old.stake), "subscribed_capital": _money(old.subscribed_capital)}
        since = old.since
    after = {}
    if entry.stake > 0:
        after = {"stake": _stake(entry.stake), "subscribed_capital": _money(entry.subscribed_capital)}
    if old is None and not after:
        raise ApplicationError(
            _("%(name)s is not a shareholder of the institution.") % {"name": entry.name},
            field="shareholders",
            code=Code.SHAREHOLDER_NOT_FOUND,
        )
    if old is not None and not after:
        services.shareholder_delete(by=by, shareholder=old)
    else:
        row = old or Shareholder(institution=institution, holder_type=entry.holder_type)
        row.name = entry.name
        if entry.holder_type == HolderType.PERSON:
            row.id_number = entry.identifier
        else:
            row.credit_code = entry.identifier
        row.stake, row.subscribed_capital, row.since = entry.stake, entry.subscribed_capital, decision.effective_on
        services.shareholder_save(by=by, shareholder=row)
    _record(
        by=by,
        institution=institution,
        decision=decision,
        item=DecisionItem.SHAREHOLDER,
        subject=entry.name,
        before=before,
        after=after,
        held_since=since,
    )


def _person_appoint(
    *, by: User, institution: Institution, decision: Decision, entry: PersonEntry, approval_status: str
) -> None:
    person = KeyPerson(
        institution=institution,
        name=entry.name,
        position=entry.position,
        id_number=entry.id_number,
        approval_status=approval_status,
        approval_doc_no=decision.document_no,
        approved_on=decision.effective_on,
        took_office_on=decision.effective_on,
    )
    services.key_person_save(by=by, person=person)
    _record(
        by=by,
        institution=institution,
        decision=decision,
        item=DecisionItem.KEY_PERSON,
        subject=entry.name,
        after={"position": entry.position, "took_office_on": decision.effective_on.isoformat()},
    )


def _person_leaves(*, by: User, institution: Institution, decision: Decision, entry: PersonEntry) -> None:
    person = (
        KeyPerson.objects.filter(
            institution=institution,
            id_number_hash=lookup_hash(normalize_id_number(entry.id_number)),
            left_office_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if person is None:
        raise ApplicationError(
            _("%(name)s is not in office at the institution.") % {"name": entry.name},
            field="executives",
            code=Code.PERSON_NOT_IN_OFFICE,
        )
    since = person.took_office_on
    person.left_office_on = decision.effective_on
    services.key_person_save(by=by, person=person)
    _record(
        by=by,
        institution=institution,
        decision=decision,
        item=DecisionItem.KEY_PERSON,
        subject=person.name,
        before={"position": person.position},
        after={"left_office_on": decision.effective_on.isoformat()},
        held_since=since,
    )
