"""Writes of the listing pipeline: a company entered in the reserve, its moves through the stages,
the subsidies granted and paid, the office's opinion on an applicant (an official document), and
the restructurings followed. Each write is atomic and audited; a refusal raises ApplicationError
(with the app's code) in the office's words and writes nothing. Histories are append-only."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import offices_supervising
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock, numbers
from finsup.core.errors import ApplicationError
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move
from finsup.core.validators import normalize_credit_code, validate_credit_code
from finsup.documents.choices import DocumentKind
from finsup.documents.services import document_draft

from . import opinion
from .choices import (
    ALLOWED_TRANSITIONS,
    FORWARD,
    RESTRUCTURING_TRANSITIONS,
    Board,
    OfficeRole,
    RestructuringKind,
    RestructuringStatus,
    Stage,
)
from .errors import Code
from .models import Company, Restructuring, RestructuringUpdate, StageChange, Subsidy, SubsidyPayment

NOT_YOURS = gettext_lazy("You may not keep the listing reserve of this county.")
STOCK_CODE = re.compile(r"^[0-9A-Za-z.]{1,20}$")
CENT = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 14  # the columns hold 16 digits with 2 decimals

STAGE = Lifecycle(
    model=Company,
    table=ALLOWED_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A company at “%(from)s” cannot move to “%(to)s”."), Stage),
    event=Event(model=StageChange, owner="company", from_status="from_stage", to_status="to_stage", note="evidence"),
    status_field="stage",
    refusal_field="to_stage",
    audit_note="evidence",
    select_related=("office",),
)
RESTRUCTURING = Lifecycle(
    model=Restructuring,
    table=RESTRUCTURING_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A restructuring “%(from)s” cannot become “%(to)s”."), RestructuringStatus),
    event=Event(model=RestructuringUpdate, owner="restructuring"),
    refusal_field="status",
    select_related=("company__office",),
)


def _text(value, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _past(value, field: str, *, not_before: datetime.date | None = None) -> datetime.date:
    if not isinstance(value, datetime.date) or value > clock.today():
        raise ApplicationError(_("Give the date: today or earlier."), field=field, code=Code.STAGE_DATE_INVALID)
    if not_before is not None and value < not_before:
        raise ApplicationError(
            _("The date cannot be before %(day)s, the date of the company's current stage.")
            % {"day": not_before.isoformat()},
            field=field,
            code=Code.STAGE_DATE_INVALID,
        )
    return value


MONEY_REFUSED = gettext_lazy("Give the amount in yuan, more than nothing.")


def _money(value, *, allow_zero: bool = False) -> Decimal | None:
    """An amount in yuan (two places), None when it is not one the office could grant or pay."""
    try:
        amount = Decimal(str(value)).quantize(CENT) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None
    if amount is None or amount < 0 or amount >= MONEY_LIMIT or (amount == 0 and not allow_zero):
        return None
    return amount


def _county(by, county):
    if county is None or not offices_supervising().filter(pk=county.pk).exists():
        raise ApplicationError(_("Choose the county office of the company."), field="office", code=Code.COUNTY_INVALID)
    require(by, Action.LISTING_HANDLE, office=county, denied=NOT_YOURS)
    return county


# -- the reserve ------------------------------------------------------------------------------------


@transaction.atomic
def company_register(
    *,
    by,
    office,
    name: str,
    credit_code: str,
    board: str,
    entered_on: datetime.date,
    evidence: str,
    industry: str = "",
    sponsor: str = "",
    contact: str = "",
) -> Company:
    """Enters a company in the reserve of the county `office`, at cultivation from `entered_on`."""
    _county(by, office)
    name = _text(name, 200)
    if not name:
        raise ApplicationError(_("Give the company's name."), field="name", code=Code.NAME_REQUIRED)
    code = normalize_credit_code(credit_code).upper()
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="credit_code", code=Code.CREDIT_CODE_INVALID) from None
    if Company.objects.filter(credit_code=code).exists():
        raise ApplicationError(
            _("A company with this unified social credit code is already in the reserve."),
            field="credit_code",
            code=Code.CREDIT_CODE_TAKEN,
        )
    if board not in Board.values:
        raise ApplicationError(_("Choose the board the company aims at."), field="board", code=Code.BOARD_INVALID)
    entered_on = _past(entered_on, "entered_on")
    evidence = _evidence(evidence)
    now = clock.now()
    company = Company.objects.create(
        office=office,
        name=name,
        credit_code=code,
        board=board,
        industry=_text(industry, 100),
        sponsor=_text(sponsor, 200),
        contact=_text(contact, 200),
        stage=Stage.CULTIVATION,
        stage_on=entered_on,
        created_by=by,
        created_at=now,
    )
    StageChange.objects.create(
        company=company, to_stage=Stage.CULTIVATION, happened_on=entered_on, evidence=evidence, by=by, at=now
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=company,
        changes={
            "name": [None, name],
            "credit_code": [None, code],
            "board": [None, board],
            "office": [None, office.code],
            "stage": [None, Stage.CULTIVATION.value],
            "stage_on": [None, entered_on.isoformat()],
            "evidence": [None, evidence],
        },
    )
    return company


def _evidence(value) -> str:
    evidence = _text(value, 300)
    if not evidence:
        raise ApplicationError(
            _("Name the evidence of the stage (an announcement, a notice, an approval)."),
            field="evidence",
            code=Code.EVIDENCE_REQUIRED,
        )
    return evidence


@transaction.atomic
def company_stage_move(
    *,
    by,
    company: Company,
    to_stage: str,
    happened_on: datetime.date,
    evidence: str,
    stock_code: str = "",
    ipo_amount=None,
) -> Company:
    """Moves the company one stage on (or out of the reserve, or back into it from withdrawal), on
    the day it happened, with its evidence; listing needs the stock code and the amount raised."""
    company = STAGE.lock(company)
    require(by, Action.LISTING_HANDLE, office=company.office, denied=NOT_YOURS)
    if to_stage not in Stage.values:
        raise ApplicationError(_("Choose the stage."), field="to_stage", code=Code.STAGE_INVALID)
    STAGE.check(company.stage, to_stage)
    happened_on = _past(happened_on, "happened_on", not_before=company.stage_on)
    evidence = _evidence(evidence)
    fields: dict = {"stage_on": happened_on}
    event: dict = {"happened_on": happened_on}
    changes: dict = {"stage_on": [company.stage_on.isoformat(), happened_on.isoformat()]}
    if to_stage == Stage.LISTED:
        code = (stock_code or "").strip().upper()
        if not STOCK_CODE.match(code):
            raise ApplicationError(
                _("Give the stock code the company listed under (digits and letters, e.g. 301234)."),
                field="stock_code",
                code=Code.STOCK_CODE_REQUIRED,
            )
        amount = _money(ipo_amount, allow_zero=True)
        if amount is None:
            raise ApplicationError(MONEY_REFUSED, field="ipo_amount", code=Code.IPO_AMOUNT_INVALID)
        fields |= {"stock_code": code, "listed_on": happened_on}
        event |= {"stock_code": code, "ipo_amount": amount}
        changes |= {"stock_code": [None, code], "ipo_amount": [None, str(amount)]}
    company, _event = move(
        company,
        to=to_stage,
        by=by,
        note=evidence,
        lifecycle=STAGE,
        locked=True,
        fields=fields,
        event_fields=event,
        audit_changes=changes,
    )
    return company


def stages_reached(company: Company) -> set[str]:
    """The stages of the way forward the company has reached (by its records, a withdrawal aside)."""
    return set(company.stages.values_list("to_stage", flat=True)) & set(FORWARD)


# -- support ----------------------------------------------------------------------------------------


@transaction.atomic
def subsidy_grant(*, by, company: Company, basis: str, for_stage: str, amount, granted_on: datetime.date) -> Subsidy:
    """Grants a listing subsidy under `basis` (临沂市促进企业上市奖励办法 第X条) for a stage the
    company has reached."""
    company = STAGE.lock(company)
    require(by, Action.LISTING_HANDLE, office=company.office, denied=NOT_YOURS)
    basis = _text(basis, 300)
    if not basis:
        raise ApplicationError(
            _("Give the policy basis of the subsidy (the measure and its article)."),
            field="basis",
            code=Code.BASIS_REQUIRED,
        )
    if for_stage not in stages_reached(company):
        raise ApplicationError(
            _("The company has not reached the stage this subsidy is for."),
            field="for_stage",
            code=Code.STAGE_NOT_REACHED,
        )
    amount = _money(amount)
    if amount is None:
        raise ApplicationError(MONEY_REFUSED, field="amount", code=Code.AMOUNT_INVALID)
    granted_on = _past(granted_on, "granted_on")
    subsidy = Subsidy.objects.create(
        company=company, basis=basis, for_stage=for_stage, amount=amount, granted_on=granted_on, by=by, at=clock.now()
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=subsidy,
        changes={
            "basis": [None, basis],
            "for_stage": [None, for_stage],
            "amount": [None, str(amount)],
            "granted_on": [None, granted_on.isoformat()],
        },
    )
    return subsidy


@transaction.atomic
def subsidy_pay(*, by, subsidy: Subsidy, amount, paid_on: datetime.date, voucher: str) -> SubsidyPayment:
    """Records a payment of the subsidy; what is paid in all never exceeds what was granted."""
    subsidy = Subsidy.objects.select_for_update(of=("self",)).select_related("company__office").get(pk=subsidy.pk)
    require(by, Action.LISTING_HANDLE, office=subsidy.company.office, denied=NOT_YOURS)
    amount = _money(amount)
    if amount is None:
        raise ApplicationError(MONEY_REFUSED, field="amount", code=Code.AMOUNT_INVALID)
    voucher = _text(voucher, 60)
    if not voucher:
        raise ApplicationError(
            _("Give the voucher number of the payment."), field="voucher", code=Code.VOUCHER_REQUIRED
        )
    paid_on = _past(paid_on, "paid_on")
    if paid_on < subsidy.granted_on:
        raise ApplicationError(
            _("A subsidy is paid on or after the day it was granted."), field="paid_on", code=Code.PAYMENT_DATE_INVALID
        )
    paid = subsidy.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if paid + amount > subsidy.amount:
        raise ApplicationError(
            _("The payment exceeds what is left of the subsidy: %(left)s of %(granted)s granted.")
            % {"left": numbers.wan_yuan(subsidy.amount - paid), "granted": numbers.wan_yuan(subsidy.amount)},
            field="amount",
            code=Code.PAYMENT_EXCEEDS_GRANT,
        )
    payment = SubsidyPayment.objects.create(
        subsidy=subsidy, amount=amount, paid_on=paid_on, voucher=voucher, by=by, at=clock.now()
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=payment,
        changes={
            "subsidy": [None, subsidy.pk],
            "amount": [None, str(amount)],
            "paid_on": [None, paid_on.isoformat()],
            "voucher": [None, voucher],
        },
    )
    return payment


# -- the office's opinion (⑮) -----------------------------------------------------------------------


OPINION_STAGES = {Stage.TUTORING, Stage.APPLICATION, Stage.APPROVED}


@transaction.atomic
def opinion_draft(*, by, company: Company, facts: list[str], opinion_text: str, addressee: str = ""):
    """Drafts the office's opinion (审核意见) on the company's application to issue shares, as an
    official document of the drafter's office (the city's, or the company's county's); it is
    checked and signed off in the register of documents, which numbers it."""
    company = STAGE.lock(company)
    require(by, Action.LISTING_HANDLE, office=company.office, denied=NOT_YOURS)
    if company.stage not in OPINION_STAGES:
        raise ApplicationError(
            _("An opinion is given on a company that has filed for tutoring and is not yet listed."),
            code=Code.OPINION_STAGE,
        )
    facts = [_text(f, 1000) for f in facts or [] if _text(f, 1000)]
    opinion_text = _text(opinion_text, 2000)
    if not facts or not opinion_text:
        raise ApplicationError(
            _("Write what the office found and its opinion."), field="opinion", code=Code.OPINION_TEXT_REQUIRED
        )
    return document_draft(
        kind=DocumentKind.LISTING_OPINION,
        office=by.office,
        context=opinion.context(company, addressee=addressee, facts=facts, opinion=opinion_text, by=by),
        by=by,
        subject=company,
    )


# -- restructurings (⑯) -----------------------------------------------------------------------------


@transaction.atomic
def restructuring_add(
    *,
    by,
    company: Company,
    kind: str,
    office_role: str,
    counterparty: str,
    started_on: datetime.date,
    amount=None,
    notes: str = "",
) -> Restructuring:
    """A restructuring of a listed company the office follows, being planned from `started_on`."""
    company = STAGE.lock(company)
    require(by, Action.LISTING_HANDLE, office=company.office, denied=NOT_YOURS)
    if company.stage != Stage.LISTED:
        raise ApplicationError(_("Restructurings are followed for listed companies only."), code=Code.NOT_LISTED)
    if kind not in RestructuringKind.values or office_role not in OfficeRole.values:
        raise ApplicationError(
            _("Choose the kind of restructuring and the office's part in it."), field="kind", code=Code.KIND_INVALID
        )
    counterparty = _text(counterparty, 200)
    if not counterparty:
        raise ApplicationError(_("Name the counterparty."), field="counterparty", code=Code.COUNTERPARTY_REQUIRED)
    if amount not in (None, ""):
        amount = _money(amount)
        if amount is None:
            raise ApplicationError(MONEY_REFUSED, field="amount", code=Code.AMOUNT_INVALID)
    else:
        amount = None
    started_on = _past(started_on, "started_on")
    now = clock.now()
    restructuring = Restructuring.objects.create(
        company=company,
        kind=kind,
        office_role=office_role,
        counterparty=counterparty,
        amount=amount,
        started_on=started_on,
        status_on=started_on,
        notes=(notes or "").strip(),
        created_by=by,
        created_at=now,
    )
    RestructuringUpdate.objects.create(
        restructuring=restructuring,
        to_status=RestructuringStatus.PLANNED,
        happened_on=started_on,
        note=_text(notes, 500),
        by=by,
        at=now,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=restructuring,
        changes={
            "kind": [None, kind],
            "office_role": [None, office_role],
            "counterparty": [None, counterparty],
            "amount": [None, str(amount) if amount is not None else None],
            "started_on": [None, started_on.isoformat()],
        },
    )
    return restructuring


@transaction.atomic
def restructuring_update(
    *, by, restructuring: Restructuring, status: str, happened_on: datetime.date, note: str = ""
) -> Restructuring:
    """The restructuring's next step (announced, approved, completed, or terminated)."""
    restructuring = RESTRUCTURING.lock(restructuring)
    require(by, Action.LISTING_HANDLE, office=restructuring.company.office, denied=NOT_YOURS)
    if status not in RestructuringStatus.values:
        raise ApplicationError(_("Choose the status."), field="status", code=Code.STATUS_INVALID)
    RESTRUCTURING.check(restructuring.status, status)
    happened_on = _past(happened_on, "happened_on", not_before=restructuring.status_on)
    restructuring, _event = move(
        restructuring,
        to=status,
        by=by,
        note=_text(note, 500),
        lifecycle=RESTRUCTURING,
        locked=True,
        fields={"status_on": happened_on},
        event_fields={"happened_on": happened_on},
        audit_changes={"status_on": [restructuring.status_on.isoformat(), happened_on.isoformat()]},
    )
    return restructuring
