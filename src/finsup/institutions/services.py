"""Writes to the registry. Each service validates, checks the actor's jurisdiction, saves inside
one transaction and records the audit entry. Views, the API, imports and commands call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core.errors import ApplicationError
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move
from finsup.core.personal_data import lookup_hash
from finsup.core.validators import normalize_credit_code, normalize_id_number

from .changes import registry_changed
from .choices import ALLOWED_TRANSITIONS, HolderType, InstitutionKind, InstitutionStatus
from .errors import Code
from .models import Institution, KeyPerson, RelatedParty, Shareholder, ShareholderGroup, StatusChange, TrainingRecord
from .panels import lead_supervisor_changed

if TYPE_CHECKING:
    from finsup.accounts.models import Office, User

INSTITUTION_FIELDS = [
    "credit_code",
    "name",
    "kind",
    "county",
    "registered_capital",
    "paid_in_capital",
    "established_on",
    "approved_on",
    "approval_doc_no",
    "legal_representative",
    "address",
    "contact_phone",
    "lead_supervisor",
    "lead_supervisor_filed_on",
    "online_lending",
]


def _cannot_change(county: Office) -> str:
    """What `require` says to a user who may not change the registry of `county`."""
    return _("You may not change institutions of %(county)s.") % {"county": county}


def _check_lead_supervisor(institution: Institution) -> None:
    supervisor = institution.lead_supervisor
    if supervisor is None:
        return
    if (
        supervisor.role == Role.INSTITUTION
        or supervisor.office is None
        or not (supervisor.office.contains(institution.county) or institution.county.contains(supervisor.office))
    ):
        raise ApplicationError(
            _("The lead supervisor must be a staff member of the county office or of the city office above it."),
            field="lead_supervisor",
            code=Code.LEAD_SUPERVISOR_NOT_IN_OFFICE,
        )
    if institution.lead_supervisor_filed_on is None:
        raise ApplicationError(
            _("Give the date the lead supervisor was filed with the city office."),
            field="lead_supervisor_filed_on",
            code=Code.LEAD_SUPERVISOR_FILING_DATE_REQUIRED,
        )


def _check_online_lending(institution: Institution) -> None:
    if institution.online_lending and institution.kind != InstitutionKind.MICROLOAN:
        raise ApplicationError(
            _("Only a microloan company may be licensed for online microloan business."),
            field="online_lending",
            code=Code.ONLINE_ONLY_MICROLOAN,
        )


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise exc


@transaction.atomic
def institution_create(
    *, by: User, data: dict, business_region: Iterable[Office] = (), status: str = InstitutionStatus.PREPARING
) -> Institution:
    data = {k: v for k, v in data.items() if k in INSTITUTION_FIELDS}
    data["credit_code"] = normalize_credit_code(data.get("credit_code", ""))
    institution = Institution(**data, status=status)
    require(by, Action.INSTITUTION_CHANGE, office=institution.county, denied=_cannot_change(institution.county))
    _full_clean(institution)
    _check_lead_supervisor(institution)
    _check_online_lending(institution)
    institution.save()
    region = list(business_region) or [institution.county]
    institution.business_region.set(region)
    StatusChange.objects.create(
        institution=institution,
        from_status="",
        to_status=status,
        effective_on=institution.approved_on,
        reason=_("Registered"),
        document_no=institution.approval_doc_no,
        recorded_by=by,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=institution,
        changes=diff(None, snapshot(institution) | {"business_region": _codes(region)}),
    )
    registry_changed(institution.pk)
    return institution


@transaction.atomic
def institution_update(
    *, by: User, institution: Institution, data: dict, business_region: Iterable[Office] | None = None
) -> Institution:
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    require(by, Action.INSTITUTION_CHANGE, office=institution.county, denied=_cannot_change(institution.county))
    before = snapshot(institution) | {"business_region": _codes(institution.business_region.all())}
    for key, value in data.items():
        if key in INSTITUTION_FIELDS:
            setattr(institution, key, normalize_credit_code(value) if key == "credit_code" else value)
    require(by, Action.INSTITUTION_CHANGE, office=institution.county, denied=_cannot_change(institution.county))
    _full_clean(institution)
    _check_lead_supervisor(institution)
    _check_online_lending(institution)
    institution.save()
    if business_region is not None:
        institution.business_region.set(list(business_region) or [institution.county])
    after = snapshot(institution) | {"business_region": _codes(institution.business_region.all())}
    changes = diff(before, after)
    changes.pop("updated_at", None)
    if changes:
        audit_record(action=AuditAction.UPDATE, obj=institution, changes=changes)
    if changes.keys() & {"name", "legal_representative", "address", "contact_phone"}:
        registry_changed(institution.pk)
    if "lead_supervisor" in changes:
        lead_supervisor_changed(institution=institution)  # e.g. open warnings follow (panels.py)
    return institution


INSTITUTION = Lifecycle(
    model=Institution,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(gettext_lazy("An institution cannot go from %(from)s to %(to)s."), InstitutionStatus),
    event=Event(model=StatusChange, owner="institution", by="recorded_by", at=None, note="reason"),
    changed_at_field="updated_at",
    refusal_field="to_status",
)


@transaction.atomic
def institution_change_status(
    *,
    by: User,
    institution: Institution,
    to_status: str,
    effective_on: datetime.date,
    reason: str,
    document_no: str = "",
) -> StatusChange:
    institution = INSTITUTION.lock(institution)
    require(by, Action.INSTITUTION_CHANGE, office=institution.county, denied=_cannot_change(institution.county))
    INSTITUTION.check(institution.status, to_status)
    if not reason.strip():
        raise ApplicationError(
            _("Give the reason for the status change."), field="reason", code=Code.STATUS_REASON_REQUIRED
        )
    return move(
        institution,
        to=to_status,
        by=by,
        note=reason.strip(),
        lifecycle=INSTITUTION,
        locked=True,
        event_fields={"effective_on": effective_on, "document_no": document_no},
        audit_changes={
            "effective_on": [None, effective_on],
            "reason": [None, reason.strip()],
            "document_no": [None, document_no],
        },
    )[1]


def _codes(offices) -> list[str]:
    return sorted(o.code for o in offices)


# -- Shareholders, related parties, key persons, training ------------------------------------


def _save_child(*, by: User, instance, before: dict | None, exclude=("institution",)):
    county = instance.institution.county
    require(by, Action.INSTITUTION_CHANGE, office=county, denied=_cannot_change(county))
    _full_clean(instance, exclude=exclude)
    instance.save()
    audit_record(
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=instance,
        changes=diff(before, snapshot(instance)),
    )
    registry_changed(instance.institution_id)
    return instance


def _prepare_shareholder(shareholder: Shareholder) -> None:
    if shareholder.holder_type == HolderType.PERSON:
        shareholder.id_number = normalize_id_number(shareholder.id_number)
        if not shareholder.id_number:
            raise ApplicationError(
                _("A natural person needs a resident ID number."), field="id_number", code=Code.ID_NUMBER_REQUIRED
            )
        shareholder.id_number_hash = lookup_hash(shareholder.id_number)
        shareholder.credit_code = ""
    else:
        shareholder.credit_code = normalize_credit_code(shareholder.credit_code)
        if not shareholder.credit_code:
            raise ApplicationError(
                _("An enterprise needs its unified social credit code."),
                field="credit_code",
                code=Code.CREDIT_CODE_REQUIRED,
            )
        shareholder.id_number, shareholder.id_number_hash = "", ""
    group = shareholder.related_group
    if group is not None and group.institution_id != shareholder.institution_id:
        raise ApplicationError(
            _("The group belongs to another institution."), field="related_group", code=Code.GROUP_OF_OTHER_INSTITUTION
        )
    others = Shareholder.objects.filter(institution=shareholder.institution).exclude(pk=shareholder.pk)
    total = sum((s.stake for s in others), shareholder.stake or 0)
    if total > 100:
        raise ApplicationError(
            _("The stakes of all shareholders would add up to %(total)s%%, more than 100%%.") % {"total": total},
            field="stake",
            code=Code.STAKES_OVER_100,
        )


@transaction.atomic
def shareholder_save(*, by: User, shareholder: Shareholder) -> Shareholder:
    Institution.objects.select_for_update().get(pk=shareholder.institution_id)
    before = snapshot(Shareholder.objects.get(pk=shareholder.pk)) if shareholder.pk else None
    _validate_identifiers(shareholder)
    _prepare_shareholder(shareholder)
    return _save_child(by=by, instance=shareholder, before=before)


def _delete_child(*, by: User, instance) -> None:
    """Removes a row; the audit entry keeps what it was (personal data masked)."""
    county = instance.institution.county
    require(by, Action.INSTITUTION_CHANGE, office=county, denied=_cannot_change(county))
    audit_record(action=AuditAction.DELETE, obj=instance, changes=diff(snapshot(instance), None))
    instance.delete()
    registry_changed(instance.institution_id)


@transaction.atomic
def shareholder_delete(*, by: User, shareholder: Shareholder) -> None:
    _delete_child(by=by, instance=shareholder)


@transaction.atomic
def shareholder_group_save(*, by: User, group: ShareholderGroup) -> ShareholderGroup:
    before = snapshot(ShareholderGroup.objects.get(pk=group.pk)) if group.pk else None
    group.name = group.name.strip()
    same_name = ShareholderGroup.objects.filter(institution_id=group.institution_id, name=group.name)
    if group.name and same_name.exclude(pk=group.pk).exists():
        raise ApplicationError(
            _("The institution already has a group of this name."), field="name", code=Code.GROUP_NAME_TAKEN
        )
    return _save_child(by=by, instance=group, before=before)


@transaction.atomic
def shareholder_group_delete(*, by: User, group: ShareholderGroup) -> None:
    """Removes a group without members; its members must first be taken out of it (each change audited)."""
    if group.members.exists():
        raise ApplicationError(
            _("Take the shareholders out of the group before deleting it."), code=Code.GROUP_NOT_EMPTY
        )
    _delete_child(by=by, instance=group)


@transaction.atomic
def related_party_save(*, by: User, party: RelatedParty) -> RelatedParty:
    before = snapshot(RelatedParty.objects.get(pk=party.pk)) if party.pk else None
    party.credit_code = normalize_credit_code(party.credit_code)
    party.id_number = normalize_id_number(party.id_number)
    _validate_identifiers(party)
    party.id_number_hash = lookup_hash(party.id_number) if party.id_number else ""
    return _save_child(by=by, instance=party, before=before)


@transaction.atomic
def related_party_delete(*, by: User, party: RelatedParty) -> None:
    _delete_child(by=by, instance=party)


@transaction.atomic
def key_person_save(*, by: User, person: KeyPerson) -> KeyPerson:
    before = snapshot(KeyPerson.objects.get(pk=person.pk)) if person.pk else None
    person.id_number = normalize_id_number(person.id_number)
    _validate_identifiers(person)
    person.id_number_hash = lookup_hash(person.id_number)
    if person.left_office_on and person.took_office_on and person.left_office_on < person.took_office_on:
        raise ApplicationError(
            _("The date of leaving office is before the date of taking office."),
            field="left_office_on",
            code=Code.LEFT_BEFORE_TAKING_OFFICE,
        )
    return _save_child(by=by, instance=person, before=before)


@transaction.atomic
def training_record_add(*, by: User, record: TrainingRecord) -> TrainingRecord:
    county = record.key_person.institution.county
    require(by, Action.INSTITUTION_CHANGE, office=county, denied=_cannot_change(county))
    _full_clean(record, exclude=["key_person"])
    record.save()
    audit_record(action=AuditAction.CREATE, obj=record, changes=diff(None, snapshot(record)))
    return record


def _validate_identifiers(instance) -> None:
    from finsup.core.validators import validate_credit_code, validate_id_number

    errors = {}
    for field, validator in (("id_number", validate_id_number), ("credit_code", validate_credit_code)):
        value = getattr(instance, field, "")
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
