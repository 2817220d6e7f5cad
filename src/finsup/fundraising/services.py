"""Writes of the illegal-fundraising register: an entity registered (from a tip-off or by hand),
a text added, a disposal step recorded (verification, determination, referral with its 移送书, the
police's answer, the disposal carried out), an entity merged into another, a new version of the
index's weights. Each write is atomic and audited; a refusal raises ApplicationError and changes
nothing. Steps and texts are never changed: a correction is a later step or another text."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, may, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.core.lifecycle import Lifecycle
from finsup.core.validators import validate_credit_code
from finsup.documents.choices import DocumentKind as PaperKind
from finsup.documents.choices import DocumentStatus
from finsup.documents.selectors import documents_by_id
from finsup.documents.services import document_draft

from . import referral, similarity, sources
from . import text as text_signals
from .choices import (
    DEADLINE_DAYS,
    ENTITY_TRANSITIONS,
    DocumentKind,
    EntityStatus,
    Origin,
    Outcome,
    PoliceAnswer,
    StepKind,
)
from .errors import Code
from .models import DisposalStep, EntityText, SuspectEntity, WeightSet
from .sources import SourceRecord
from .uploads import file_text
from .weights import WeightsError, as_data, parse

NOT_YOURS = gettext_lazy("You may not handle illegal-fundraising matters of this office.")


ENTITY = Lifecycle(
    model=SuspectEntity,
    table=ENTITY_TRANSITIONS,
    refusal=lambda current, to: _("This step is not the one the matter waits for."),
    select_related=("office",),
)


def _lock(entity: SuspectEntity, by) -> SuspectEntity:
    entity = ENTITY.lock(entity)
    require(by, Action.FUNDRAISING_HANDLE, office=entity.office, denied=NOT_YOURS)
    if entity.status == EntityStatus.MERGED:
        raise InvalidTransition(_("This entity was merged into another; work on that one."), code=Code.ENTITY_MERGED)
    if entity.status == EntityStatus.CLOSED:
        raise InvalidTransition(_("The matter is closed."), code=Code.ENTITY_CLOSED)
    return entity


def _lines(value: str) -> str:
    return "\n".join(line.strip() for line in (value or "").splitlines() if line.strip())


def _days(day: datetime.date, step: str) -> datetime.date:
    return day + datetime.timedelta(days=DEADLINE_DAYS[step])


def _check_entity_fields(*, name: str, credit_code: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the entity."), field="name", code=Code.ENTITY_NAME_REQUIRED)
    code = (credit_code or "").strip().upper()
    if code:
        try:
            validate_credit_code(code)
        except Exception:
            raise ApplicationError(
                _("The unified social credit code is not valid (18 characters with a correct check character)."),
                field="credit_code",
                code=Code.ENTITY_CODE_INVALID,
            ) from None
    return name[:200], code


@transaction.atomic
def entity_open(
    *,
    by,
    office,
    name: str,
    credit_code: str = "",
    addresses: str = "",
    people: str = "",
    channels: str = "",
    origin: str = Origin.MANUAL,
    source: str = "",
    institution=None,
    opened_on: datetime.date | None = None,
) -> SuspectEntity:
    """A new entity of the register, awaiting its verification (due in thirty days)."""
    if office is None:
        raise ApplicationError(_("Choose the handling office."), field="office", code=Code.ENTITY_OFFICE_REQUIRED)
    require(by, Action.FUNDRAISING_HANDLE, office=office, denied=NOT_YOURS)
    name, code = _check_entity_fields(name=name, credit_code=credit_code)
    if origin not in Origin.values:
        origin = Origin.MANUAL
    if source and SuspectEntity.objects.filter(source=source).exists():
        raise ApplicationError(
            _("This record is already registered as a suspected entity."),
            field="source",
            code=Code.SOURCE_ALREADY_REGISTERED,
        )
    day = opened_on or clock.today()
    entity = SuspectEntity.objects.create(
        office=office,
        name=name,
        credit_code=code,
        institution=institution,
        addresses=_lines(addresses),
        people=_lines(people),
        channels=_lines(channels),
        origin=origin,
        source=source,
        opened_on=day,
        opened_by=by,
        next_step=StepKind.VERIFICATION,
        due_on=_days(day, StepKind.VERIFICATION),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=entity,
        changes={"name": [None, name], "credit_code": [None, code], "origin": [None, origin], "source": [None, source]},
    )
    return entity


@transaction.atomic
def entity_register(*, by, first_text: dict | None = None, **fields) -> SuspectEntity:
    """`entity_open` with the entity's first text (the cleaned fields of a text form), in one write."""
    entity = entity_open(by=by, **fields)
    if first_text:
        keys = ("kind", "title", "body", "file", "received_on")
        text_add(by=by, entity=entity, **{k: first_text.get(k) for k in keys})
    return entity


@transaction.atomic
def entity_from_source(*, by, source: SourceRecord, into: SuspectEntity | None = None, **fields) -> SuspectEntity:
    """A record elsewhere in the platform (a tip-off, a risk warning: `sources.read`) becomes a
    suspected entity, or a text of `into`, an entity already registered; its text is the entity's,
    received on the day the record was. A record is registered once."""
    if (
        EntityText.objects.filter(source=source.key).exists()
        or SuspectEntity.objects.filter(source=source.key).exists()
    ):
        raise ApplicationError(
            _("This record is already registered as a suspected entity."),
            field="source",
            code=Code.SOURCE_ALREADY_REGISTERED,
        )
    if into is None:
        fields.setdefault("office", source.office)
        fields.setdefault("name", source.name)
        fields.setdefault("credit_code", source.credit_code)
        fields.setdefault("institution", source.institution)
        into = entity_open(by=by, origin=source.origin, source=source.key, **fields)
    text_add(
        by=by,
        entity=into,
        kind=source.text_kind,
        title=source.text_title,
        body=source.text_body,
        received_on=source.received_on,
        source=source.key,
        from_office=source.office if source.parameter == "complaint" else None,
    )
    return into


def entity_from_complaint(*, by, complaint_pk: int, into: SuspectEntity | None = None, **fields) -> SuspectEntity:
    """A tip-off or complaint becomes a suspected entity (or a text of `into`): its text is the
    entity's first tip-off, received on the day the complaint was."""
    return entity_from_source(by=by, source=sources.read(by, "complaint", complaint_pk), into=into, **fields)


@transaction.atomic
def text_add(
    *,
    by,
    entity: SuspectEntity,
    kind: str,
    title: str,
    body: str = "",
    file=None,
    received_on: datetime.date | None = None,
    source: str = "",
    from_office=None,
) -> EntityText:
    """A text about the entity, read for the index: its feature words and promised returns, and
    compared with the other entities' texts (near duplicates)."""
    entity = _lock(entity, by)
    raw, name = b"", ""
    if file is not None:
        raw, name = file.read(), file.name
        body = (body or "").strip() or file_text(name, raw)
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Paste the text or upload a file with text."), field="body", code=Code.DOCUMENT_EMPTY)
    if kind not in DocumentKind.values:
        kind = DocumentKind.OTHER
    day = received_on or clock.today()
    if day > clock.today():
        raise ApplicationError(_("The date is in the future."), field="received_on", code=Code.STEP_DATE_INVALID)
    record = EntityText(
        entity=entity,
        kind=kind,
        title=(title or "").strip()[:200] or body.splitlines()[0][:60],
        text=body,
        received_on=day,
        source=source,
        from_office=from_office,
        returns=[[r.quote, str(r.annual_percent), r.basis] for r in text_signals.promised_returns(body)],
        tokens=text_signals.tokens(body),
        added_by=by,
        added_at=clock.now(),
    )
    if raw:
        record.original_name = name[:200]
        record.file.save(name, ContentFile(raw), save=False)
    record.save()
    similarity.record_pairs(record)
    audit_record(
        action=AuditAction.CREATE,
        obj=record,
        changes={
            "entity": [None, entity.pk],
            "kind": [None, kind],
            "title": [None, record.title],
            "length": [None, len(body)],
            "file": [None, record.original_name],
        },
    )
    return record


def _set_state(entity: SuspectEntity, *, by, **values) -> None:
    if "status" in values and values["status"] != entity.status:
        ENTITY.check(entity.status, values["status"])
    before = {k: getattr(entity, k) for k in values}
    for k, v in values.items():
        setattr(entity, k, v)
    entity.save(update_fields=list(values))
    audit_record(
        action=AuditAction.UPDATE,
        obj=entity,
        changes={
            k: [str(before[k]) if before[k] is not None else None, str(v) if v is not None else None]
            for k, v in values.items()
            if before[k] != v
        },
    )


def _refuse_step() -> InvalidTransition:
    return InvalidTransition(_("This step is not the one the matter waits for."), code=Code.STEP_NOT_ALLOWED)


@transaction.atomic
def step_record(
    *,
    by,
    entity: SuspectEntity,
    kind: str,
    done_on: datetime.date,
    text: str,
    outcome: str = "",
    legal_basis: str = "",
    body: str = "",
    answer: str = "",
    reference: str = "",
    disposal_due: datetime.date | None = None,
    materials: list[str] | None = None,
) -> DisposalStep:
    """The step the matter waits for, as taken on `done_on`. A referral drafts its 移送书 (numbered
    when a leader signs it off); the police's answer can be recorded only once it is signed off."""
    entity = _lock(entity, by)
    if kind != entity.next_step:
        raise _refuse_step()
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Record what was found or done."), field="text", code=Code.STEP_TEXT_REQUIRED)
    last = entity.steps.order_by("-done_on").values_list("done_on", flat=True).first() or entity.opened_on
    if done_on is None or done_on > clock.today() or done_on < last:
        raise ApplicationError(
            _("The date must lie between the previous step (%(day)s) and today.") % {"day": last},
            field="done_on",
            code=Code.STEP_DATE_INVALID,
        )
    step = DisposalStep(
        entity=entity, kind=kind, done_on=done_on, due_on=entity.due_on, text=text, by=by, at=clock.now()
    )
    state: dict = {}
    if kind == StepKind.VERIFICATION:
        state = {
            "status": EntityStatus.VERIFIED,
            "next_step": StepKind.DETERMINATION,
            "due_on": _days(done_on, StepKind.DETERMINATION),
        }
    elif kind == StepKind.DETERMINATION:
        state = _determination(step, outcome=outcome, legal_basis=legal_basis, disposal_due=disposal_due)
    elif kind == StepKind.REFERRAL:
        step.body = (body or "").strip()[:200]
        state = {
            "status": EntityStatus.REFERRED,
            "next_step": StepKind.ACCEPTANCE,
            "due_on": _days(done_on, StepKind.ACCEPTANCE),
        }
    elif kind == StepKind.ACCEPTANCE:
        state = _acceptance(step, entity, answer=answer, reference=reference)
    elif kind == StepKind.DISPOSAL:
        state = {"status": EntityStatus.CLOSED, "next_step": "", "due_on": None, "closed_on": done_on}
    else:
        raise _refuse_step()
    step.next_due_on = state.get("due_on")
    if kind == StepKind.REFERRAL:
        step.body = step.body or referral.police(entity)
        document = document_draft(
            kind=PaperKind.POLICE_REFERRAL,
            office=entity.office,
            institution=entity.institution,
            context=referral.context(entity, step, materials=materials),
            by=by,
            subject=entity,
        )
        step.document_id = document.pk
    step.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=step,
        changes={
            "kind": [None, kind],
            "done_on": [None, str(done_on)],
            "outcome": [None, step.outcome],
            "answer": [None, step.answer],
            "document": [None, step.document_id],
        },
    )
    _set_state(entity, by=by, **state)
    return step


def _determination(step: DisposalStep, *, outcome: str, legal_basis: str, disposal_due) -> dict:
    if outcome not in Outcome.values:
        raise ApplicationError(_("Choose the determination."), field="outcome", code=Code.OUTCOME_REQUIRED)
    basis = (legal_basis or "").strip()
    if outcome != Outcome.NO_ISSUE and not basis:
        raise ApplicationError(
            _("Cite the legal basis of the determination."), field="legal_basis", code=Code.BASIS_REQUIRED
        )
    step.outcome, step.legal_basis = outcome, basis[:300]
    day = step.done_on
    common = {"outcome": outcome, "determined_on": day}
    if outcome == Outcome.NO_ISSUE:
        return common | {"status": EntityStatus.CLOSED, "next_step": "", "due_on": None, "closed_on": day}
    if outcome == Outcome.POLICE_REFERRAL:
        return common | {
            "status": EntityStatus.DISPOSING,
            "next_step": StepKind.REFERRAL,
            "due_on": _days(day, StepKind.REFERRAL),
        }
    due = disposal_due or _days(day, StepKind.DISPOSAL)
    if due < day:
        raise ApplicationError(
            _("The disposal's deadline is before the determination."), field="disposal_due", code=Code.STEP_DATE_INVALID
        )
    return common | {"status": EntityStatus.DISPOSING, "next_step": StepKind.DISPOSAL, "due_on": due}


def _acceptance(step: DisposalStep, entity: SuspectEntity, *, answer: str, reference: str) -> dict:
    if answer not in PoliceAnswer.values:
        raise ApplicationError(_("Choose the police's answer."), field="answer", code=Code.OUTCOME_REQUIRED)
    reference = (reference or "").strip()
    if not reference:
        raise ApplicationError(
            _("Enter the number of the police's decision or receipt."), field="reference", code=Code.REFERENCE_REQUIRED
        )
    sent = entity.steps.filter(kind=StepKind.REFERRAL).order_by("-pk").first()
    paper = documents_by_id([sent.document_id]).get(sent.document_id) if sent and sent.document_id else None
    if paper is None or paper.status != DocumentStatus.FINAL:
        raise InvalidTransition(
            _("The 移送书 has not been signed off yet: the police's answer comes after it is sent."),
            code=Code.REFERRAL_NOT_SIGNED,
        )
    step.answer, step.reference, step.body = answer, reference[:100], sent.body
    if answer == PoliceAnswer.ACCEPTED:
        return {"status": EntityStatus.CLOSED, "next_step": "", "due_on": None, "closed_on": step.done_on}
    return {
        "status": EntityStatus.DISPOSING,
        "next_step": StepKind.DISPOSAL,
        "due_on": _days(step.done_on, StepKind.DISPOSAL),
    }


@transaction.atomic
def entity_merge(*, by, entity: SuspectEntity, into: SuspectEntity, reason: str) -> SuspectEntity:
    """`entity` is the same as `into` (one name or code under two registrations): its texts and
    steps stay its own and count for `into` from now on; it is closed as merged."""
    if entity.pk == into.pk:
        raise ApplicationError(_("An entity cannot be merged into itself."), field="into", code=Code.MERGE_INTO_SELF)
    first, second = sorted((entity, into), key=lambda e: e.pk)
    first, second = _lock(first, by), _lock(second, by)
    entity, into = (first, second) if first.pk == entity.pk else (second, first)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the two are one."), field="reason", code=Code.STEP_TEXT_REQUIRED)
    step = DisposalStep.objects.create(
        entity=entity,
        kind=StepKind.MERGE,
        done_on=clock.today(),
        text=reason,
        reference=str(into.pk),
        by=by,
        at=clock.now(),
    )
    audit_record(action=AuditAction.CREATE, obj=step, changes={"kind": [None, StepKind.MERGE], "into": [None, into.pk]})
    _set_state(
        entity, by=by, status=EntityStatus.MERGED, merged_into=into, next_step="", due_on=None, closed_on=clock.today()
    )
    return into


WEIGHTS_LEVELS = (OfficeLevel.CITY, OfficeLevel.PROVINCE)


def may_set_weights(user) -> bool:
    return may(user, Action.FUNDRAISING_WEIGHTS, levels=WEIGHTS_LEVELS)


@transaction.atomic
def weights_save(*, by, data: dict, valid_from: datetime.date, note: str) -> WeightSet:
    """A new version of the index's weights, in force from `valid_from`: city and province leaders.
    `data` is what data/weights.toml holds ({"words": {word: points}, "signals": {signal: value}})."""
    require(
        by,
        Action.FUNDRAISING_WEIGHTS,
        levels=WEIGHTS_LEVELS,
        denied=_("Only a leader of the city or the province sets the index's weights."),
    )
    latest = WeightSet.objects.select_for_update().order_by("-version").first()
    version = (latest.version if latest else 0) + 1
    try:
        weights = parse(data, version)
    except WeightsError as exc:
        raise ApplicationError(str(exc), field="words", code=Code.WEIGHTS_INVALID) from None
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Say why the weights change."), field="note", code=Code.WEIGHTS_INVALID)
    if valid_from is None:
        raise ApplicationError(
            _("Enter the day the weights apply from."), field="valid_from", code=Code.WEIGHTS_INVALID
        )
    row = WeightSet.objects.create(
        version=version,
        valid_from=valid_from,
        weights=as_data(weights),
        note=note[:300],
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=row,
        office_path=by.office.path,
        changes={
            "version": [None, version],
            "valid_from": [None, str(valid_from)],
            "note": [None, row.note],
            "weights": [None, as_data(weights)],
        },
    )
    return row
