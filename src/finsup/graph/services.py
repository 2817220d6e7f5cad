"""Declaring the ownership above an institution's shareholders (股权穿透), each change audited and
followed by the institution's links at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, diff, snapshot
from finsup.core.errors import ApplicationError
from finsup.core.personal_data import lookup_hash
from finsup.core.validators import normalize_credit_code, normalize_id_number, validate_credit_code, validate_id_number
from finsup.institutions.choices import HolderType

from .build import institution_refresh
from .errors import Code
from .models import DeclaredHolding


def _pairs(errors: dict) -> list[tuple[str, str]]:
    return [(field, message) for field, messages in errors.items() for message in messages]


def _clean(holding: DeclaredHolding) -> None:
    holding.held_credit_code = normalize_credit_code(holding.held_credit_code)
    holding.holder_credit_code = normalize_credit_code(holding.holder_credit_code)
    holding.holder_id_number = normalize_id_number(holding.holder_id_number)
    errors = {}
    checks = [("held_credit_code", validate_credit_code)]
    if holding.holder_type == HolderType.PERSON:
        checks.append(("holder_id_number", validate_id_number))
        holding.holder_credit_code = ""
    else:
        checks.append(("holder_credit_code", validate_credit_code))
        holding.holder_id_number = ""
    for name, check in checks:
        value = getattr(holding, name)
        if not value:
            errors[name] = [_("This field is required.")]
            continue
        try:
            check(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ApplicationError(
            _("The declared ownership is incomplete or wrong."),
            errors=_pairs(errors),
            code=Code.DECLARED_HOLDING_INVALID,
        )
    holding.holder_id_number_hash = lookup_hash(holding.holder_id_number) if holding.holder_id_number else ""
    try:
        holding.full_clean(exclude=["institution"])
    except ValidationError as exc:
        raise ApplicationError(
            _("The declared ownership is incomplete or wrong."),
            errors=_pairs(exc.message_dict),
            code=Code.DECLARED_HOLDING_INVALID,
        ) from exc


@transaction.atomic
def declared_holding_save(*, by, holding: DeclaredHolding) -> DeclaredHolding:
    county = holding.institution.county
    require(by, Action.INSTITUTION_CHANGE, office=county)
    before = snapshot(DeclaredHolding.objects.get(pk=holding.pk)) if holding.pk else None
    _clean(holding)
    holding.save()
    audit_record(
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=holding,
        changes=diff(before, snapshot(holding)),
    )
    institution_refresh(holding.institution_id)
    return holding


@transaction.atomic
def declared_holding_delete(*, by, holding: DeclaredHolding) -> None:
    require(by, Action.INSTITUTION_CHANGE, office=holding.institution.county)
    audit_record(action=AuditAction.DELETE, obj=holding, changes=diff(snapshot(holding), None))
    holding.delete()
    institution_refresh(holding.institution_id)
