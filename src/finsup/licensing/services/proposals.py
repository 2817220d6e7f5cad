"""What an application must carry for the registry to follow its approval, checked when it is
filed: an establishment's credit code, capital, region, shareholders with their stakes and its
directors, supervisors and executives; a change's new shareholdings and people. Resident ID
numbers are kept encrypted in the application (with their masked form for pages and the audit
trail) and decrypted only to write the registry."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError
from finsup.core.personal_data import decrypt, encrypt, mask_id_number
from finsup.core.validators import (
    normalize_credit_code,
    normalize_id_number,
    validate_credit_code,
    validate_id_number,
)
from finsup.institutions.choices import HolderType, Position
from finsup.institutions.decisions import PersonEntry, ShareholderEntry
from finsup.institutions.selectors import institutions_by_credit_code

from ..errors import Code

HUNDRED = Decimal(100)


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError):
        raise ApplicationError(_("Enter an amount in yuan."), field=field, code=Code.AMOUNT_INVALID) from None
    if amount < 0:
        raise ApplicationError(_("Enter an amount in yuan."), field=field, code=Code.AMOUNT_INVALID)
    return amount


def _bad_shareholder(n: int, message: str) -> ApplicationError:
    text = _("Shareholder %(n)s: %(message)s") % {"n": n, "message": message}
    return ApplicationError(text, field="shareholders", code=Code.SHAREHOLDERS_INVALID)


def _bad_person(n: int, message: str) -> ApplicationError:
    text = _("Person %(n)s: %(message)s") % {"n": n, "message": message}
    return ApplicationError(text, field="executives", code=Code.EXECUTIVES_INVALID)


def _identifier(holder_type: str, value: str) -> str:
    """The identifier normalised and checked; ValidationError (its message in Chinese) if wrong."""
    if holder_type == HolderType.PERSON:
        value = normalize_id_number(value or "")
        validate_id_number(value)
    else:
        value = normalize_credit_code(value or "")
        validate_credit_code(value)
    return value


def clean_shareholders(entries, *, establishing: bool, registered_capital: Decimal | None = None) -> list[dict]:
    """The proposed shareholders as stored: stakes between 0 and 100 (above 0 for an establishment),
    together at most 100%; a person's ID number encrypted."""
    if not isinstance(entries, list) or not entries:
        raise ApplicationError(
            _("Name the shareholders and their stakes."), field="shareholders", code=Code.SHAREHOLDERS_INVALID
        )
    out, seen, total, subscribed = [], set(), Decimal(0), Decimal(0)
    for n, entry in enumerate(entries, start=1):
        name = str(entry.get("name", "")).strip()
        holder_type = entry.get("holder_type", "")
        if not name:
            raise _bad_shareholder(n, _("give the name."))
        if holder_type not in HolderType.values:
            raise _bad_shareholder(n, _("choose natural person, enterprise or state-owned body."))
        try:
            identifier = _identifier(holder_type, entry.get("identifier", ""))
        except ValidationError as exc:
            raise _bad_shareholder(n, "；".join(exc.messages)) from None
        if identifier in seen:
            raise _bad_shareholder(n, _("the same shareholder is named twice."))
        seen.add(identifier)
        try:
            stake = Decimal(str(entry.get("stake", ""))).quantize(Decimal("0.0001"))
        except (InvalidOperation, TypeError):
            raise _bad_shareholder(n, _("give the stake in per cent.")) from None
        if stake < 0 or stake > HUNDRED or (establishing and stake == 0):
            raise _bad_shareholder(n, _("a stake is above zero and at most one hundred per cent."))
        capital = _amount(entry.get("subscribed_capital", "0"), "shareholders")
        total += stake
        subscribed += capital
        row = {"name": name, "holder_type": holder_type, "stake": str(stake), "subscribed_capital": str(capital)}
        if holder_type == HolderType.PERSON:
            row |= {"id_number": encrypt(identifier), "id_masked": mask_id_number(identifier)}
        else:
            row["credit_code"] = identifier
        out.append(row)
    if total > HUNDRED:
        raise ApplicationError(
            _("The stakes add up to %(total)s%%, more than 100%%.") % {"total": total.normalize()},
            field="shareholders",
            code=Code.SHAREHOLDERS_INVALID,
        )
    if registered_capital is not None and subscribed > registered_capital:
        raise ApplicationError(
            _("The shareholders subscribe more than the registered capital."),
            field="shareholders",
            code=Code.SHAREHOLDERS_INVALID,
        )
    return out


def clean_people(entries, *, establishing: bool) -> list[dict]:
    """The directors, supervisors and executives proposed (appointed, or leaving office in a change)."""
    if not isinstance(entries, list) or not entries:
        raise ApplicationError(
            _("Name the directors, supervisors and executives."), field="executives", code=Code.EXECUTIVES_INVALID
        )
    out = []
    for n, entry in enumerate(entries, start=1):
        name = str(entry.get("name", "")).strip()
        position = entry.get("position", "")
        leaves = bool(entry.get("leaves", False))
        if not name:
            raise _bad_person(n, _("give the name."))
        if position not in Position.values:
            raise _bad_person(n, _("choose the position."))
        if leaves and establishing:
            raise _bad_person(n, _("nobody leaves office at an establishment."))
        try:
            id_number = _identifier(HolderType.PERSON, entry.get("id_number", ""))
        except ValidationError as exc:
            raise _bad_person(n, "；".join(exc.messages)) from None
        out.append(
            {
                "name": name,
                "position": position,
                "id_number": encrypt(id_number),
                "id_masked": mask_id_number(id_number),
                "leaves": leaves,
            }
        )
    return out


def clean_establishment(values: dict) -> dict:
    """An establishment's proposed registry entry, checked; the credit code must be new to the registry."""
    values = values or {}
    try:
        credit_code = _identifier(HolderType.ENTERPRISE, values.get("credit_code", ""))
    except ValidationError as exc:
        raise ApplicationError("；".join(exc.messages), field="credit_code", code=Code.CREDIT_CODE_INVALID) from None
    if institutions_by_credit_code([credit_code]).exists():
        raise ApplicationError(
            _("An institution with this credit code is already in the registry."),
            field="credit_code",
            code=Code.CREDIT_CODE_INVALID,
        )
    if values.get("registered_capital") in (None, ""):
        raise ApplicationError(
            _("Give the registered capital."), field="registered_capital", code=Code.CAPITAL_REQUIRED
        )
    registered = _amount(values["registered_capital"], "registered_capital")
    paid = _amount(values.get("paid_in_capital") or registered, "paid_in_capital")
    if registered <= 0:
        raise ApplicationError(_("Enter an amount in yuan."), field="registered_capital", code=Code.AMOUNT_INVALID)
    if paid > registered:
        raise ApplicationError(
            _("Paid-in capital cannot exceed registered capital."), field="paid_in_capital", code=Code.AMOUNT_INVALID
        )
    out = {
        "credit_code": credit_code,
        "registered_capital": str(registered),
        "paid_in_capital": str(paid),
        "address": str(values.get("address") or "").strip(),
        "legal_representative": str(values.get("legal_representative") or "").strip(),
    }
    if values.get("business_region"):
        out["business_region"] = sorted({str(c) for c in values["business_region"]})
    out["shareholders"] = clean_shareholders(
        values.get("shareholders"), establishing=True, registered_capital=registered
    )
    out["executives"] = clean_people(values.get("executives"), establishing=True)
    return out


def shareholder_entries(rows) -> list[ShareholderEntry]:
    """The stored shareholders as the registry takes them (ID numbers decrypted)."""
    return [
        ShareholderEntry(
            name=r["name"],
            holder_type=r["holder_type"],
            identifier=decrypt(r["id_number"]) if r["holder_type"] == HolderType.PERSON else r["credit_code"],
            stake=Decimal(r["stake"]),
            subscribed_capital=Decimal(r["subscribed_capital"]),
        )
        for r in rows or []
    ]


def person_entries(rows) -> list[PersonEntry]:
    return [
        PersonEntry(
            name=r["name"], position=r["position"], id_number=decrypt(r["id_number"]), leaves=bool(r.get("leaves"))
        )
        for r in rows or []
    ]
