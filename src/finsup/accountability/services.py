"""Writes of accountability cases and their transfers. Each write is atomic, audited and appends
to the case's history; a refusal raises ApplicationError and changes nothing.

The office's leaders open, investigate, decide and close cases and send them to another body; a
user of that body (oversight role) accepts the transfer, then concludes it or returns it. The
sending office and the discipline commission may supervise (督办) an open transfer."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, may, require
from finsup.accounts.selectors import users_active
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.lifecycle import Event, Lifecycle, move, refused_move, transition
from finsup.documents.services import documents_step
from finsup.duties.selectors import item_ids
from finsup.notifications.services import notify

from . import paperwork
from .choices import (
    CASE_TRANSFER_BODIES,
    CASE_TRANSITIONS,
    OPEN_CASE_STATUSES,
    PERSONAL_DECISIONS,
    SUPERVISING_BODIES,
    TRANSFER_TRANSITIONS,
    Body,
    CaseStatus,
    Decision,
    EventKind,
    StepKind,
    SubjectKind,
    TransferStatus,
)
from .errors import Code
from .models import AccountabilityCase, CaseEvent, CaseLink, CaseTransfer

# Records a case may be linked to: the platform's records of the office's own work.
LINKABLE = ("reporting.submission", "inspections.finding", "inspections.inspection", "complaints.complaint")
LINKABLE += ("incidents.incident", "institutions.institution", "fundraising.suspectentity", "worklog.recurringtask")


def _body(by) -> str:
    return by.oversight_body if by.is_oversight_user else Body.OFFICE


def _event(case, *, kind, by, at, text="", transfer=None, step_kind="", due_on=None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        transfer=transfer,
        kind=kind,
        step_kind=step_kind,
        body=_body(by),
        by=by,
        at=at,
        text=text,
        due_on=due_on,
    )


# The case's history (CaseEvent) records the moves of the case and of its transfers; its rows
# carry the kind of event instead of the statuses.
CASE = Lifecycle(
    model=AccountabilityCase,
    table=CASE_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A case that is “%(from)s” cannot become “%(to)s”."), CaseStatus),
    event=Event(model=CaseEvent, owner="case", from_status=None, to_status=None, note="text"),
    select_related=("office",),
)
TRANSFER = Lifecycle(
    model=CaseTransfer,
    table=TRANSFER_TRANSITIONS,
    refusal=refused_move(gettext_lazy("A transfer that is “%(from)s” cannot become “%(to)s”."), TransferStatus),
    event=Event(model=CaseEvent, owner="transfer", from_status=None, to_status=None, note="text"),
    select_related=("case__office",),
)


# What `require` says to a user who may not manage the cases of an office.
NOT_YOUR_CASES = gettext_lazy("You may not act on accountability cases of this office.")


def _leaders(office):
    return users_active(office=office, role=Role.LEADER)


def _body_users(body: str, office):
    """The users of an oversight body attached to the office or above it."""
    paths = [office.path[: i + 1] for i, ch in enumerate(office.path) if ch == "/"]
    return users_active(role=Role.OVERSIGHT, oversight_body=body, office__path__in=paths)


def _clean_items(items) -> list[int]:
    known = item_ids()
    try:
        ids = sorted({int(i) for i in items or []})
    except (TypeError, ValueError):
        ids = [0]
    if not ids or not set(ids) <= known:
        raise ApplicationError(
            _("Choose the items of the responsibility list the failure concerns."),
            field="items",
            code=Code.ITEMS_REQUIRED,
        )
    return ids


def linkable_record(*, actor, source: str):
    """The record named "app_label.model:pk" if it may be linked and the actor may see it, else None."""
    label, _sep, pk = (source or "").partition(":")
    if label not in LINKABLE or not pk.isdigit():
        return None
    model = apps.get_model(label)
    return model.objects.for_user(actor).filter(pk=int(pk)).first()


def record_label(record) -> str:
    from .overdue import filing_label

    return filing_label(record) if record._meta.label_lower == "reporting.submission" else str(record)


def _link(case, record, *, by, at) -> CaseLink | None:
    content_type = ContentType.objects.get_for_model(record)
    if CaseLink.objects.filter(case=case, content_type=content_type, object_id=record.pk).exists():
        return None
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    link = CaseLink.objects.create(
        case=case,
        content_type=content_type,
        object_id=record.pk,
        label=record_label(record)[:300],
        url=url,
        by=by,
        at=at,
    )
    _event(case, kind=EventKind.LINK, by=by, at=at, text=link.label)
    return link


@transaction.atomic
def case_open(*, by, data: dict, now: datetime.datetime | None = None) -> AccountabilityCase:
    """Opens a case against a member of staff of the office (or of a lower office) or against a
    lower office; `data["sources"]` may name records of the platform to link ("app.model:pk")."""
    now = now or clock.now()
    office = by.office
    require(by, Action.CASE_MANAGE, office=office, denied=NOT_YOUR_CASES)
    kind = data.get("subject_kind")
    subject_user = subject_office = None
    if kind == SubjectKind.STAFF:
        subject_user = data.get("subject_user")
        if subject_user is None or subject_user.office_id is None or not office.contains(subject_user.office):
            raise ApplicationError(
                _("Choose a member of staff of this office or a lower one."),
                field="subject_user",
                code=Code.STAFF_NOT_IN_OFFICE,
            )
        if subject_user.pk == by.pk:
            raise ApplicationError(
                _("You cannot open a case against yourself."), field="subject_user", code=Code.CASE_AGAINST_SELF
            )
    elif kind == SubjectKind.OFFICE:
        subject_office = data.get("subject_office")
        if subject_office is None or subject_office == office or not office.contains(subject_office):
            raise ApplicationError(_("Choose a lower office."), field="subject_office", code=Code.LOWER_OFFICE_REQUIRED)
    else:
        raise ApplicationError(_("Say whom the case is against."), field="subject_kind", code=Code.SUBJECT_REQUIRED)
    title, allegation = (data.get("title") or "").strip(), (data.get("allegation") or "").strip()
    if not title or not allegation:
        raise ApplicationError(
            _("Give a title and describe the failure."), field="allegation", code=Code.TITLE_AND_FAILURE_REQUIRED
        )
    items = _clean_items(data.get("items"))
    records = []
    for source in data.get("sources") or []:
        record = linkable_record(actor=by, source=source)
        if record is None:
            raise ApplicationError(
                _("A linked record does not exist or is outside your jurisdiction."), code=Code.LINKED_RECORD_NOT_FOUND
            )
        records.append(record)
    year = timezone.localdate(now).year
    seq = (AccountabilityCase.objects.filter(office=office, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    case = AccountabilityCase.objects.create(
        office=office,
        year=year,
        seq=seq,
        subject_kind=kind,
        subject_user=subject_user,
        subject_office=subject_office,
        title=title[:200],
        allegation=allegation,
        items=items,
        opened_by=by,
        opened_at=now,
    )
    _event(case, kind=EventKind.OPENED, by=by, at=now, text=allegation)
    audit_record(action=AuditAction.CREATE, obj=case, changes={k: [None, v] for k, v in snapshot(case).items()})
    for record in records:
        _link(case, record, by=by, at=now)
    return case


@transaction.atomic
def case_link(*, case: AccountabilityCase, by, source: str) -> CaseLink:
    case = CASE.lock(case)
    require(by, Action.CASE_MANAGE, office=case.office, denied=NOT_YOUR_CASES)
    if case.status == CaseStatus.CLOSED:
        raise InvalidTransition(_("The case is closed."), code=Code.CASE_CLOSED)
    record = linkable_record(actor=by, source=source)
    if record is None:
        raise ApplicationError(
            _("A linked record does not exist or is outside your jurisdiction."),
            field="source",
            code=Code.LINKED_RECORD_NOT_FOUND,
        )
    link = _link(case, record, by=by, at=clock.now())
    if link is None:
        raise ApplicationError(
            _("This record is already linked to the case."), field="source", code=Code.RECORD_ALREADY_LINKED
        )
    audit_record(action=AuditAction.UPDATE, obj=case, changes={"link": [None, link.label]})
    return link


def _open_transfer(case) -> CaseTransfer | None:
    return case.transfers.filter(status__in=[TransferStatus.SENT, TransferStatus.ACCEPTED]).first()


@transaction.atomic
def case_step(*, case: AccountabilityCase, by, step_kind: str, text: str) -> CaseEvent:
    """Records an investigation step; the first one moves the case under investigation."""
    case = CASE.lock(case)
    require(by, Action.CASE_MANAGE, office=case.office, denied=NOT_YOUR_CASES)
    if case.status not in OPEN_CASE_STATUSES:
        raise InvalidTransition(
            _("Steps are recorded while the case is open or under investigation."), code=Code.CASE_NOT_OPEN_FOR_STEPS
        )
    if step_kind not in StepKind.values:
        raise ApplicationError(_("Choose the kind of step."), field="step_kind", code=Code.STEP_KIND_REQUIRED)
    if not text.strip():
        raise ApplicationError(_("Record what was done and found."), field="text", code=Code.STEP_TEXT_REQUIRED)
    now = clock.now()
    step = {"step": [None, {"kind": step_kind, "text": text.strip()}]}
    if case.status == CaseStatus.OPEN:  # the step is the event of the move
        return move(
            case,
            to=CaseStatus.INVESTIGATING,
            by=by,
            note=text.strip(),
            lifecycle=CASE,
            locked=True,
            at=now,
            event_fields={"kind": EventKind.STEP, "step_kind": step_kind, "body": _body(by)},
            audit_changes={**step, "status": [case.status, CaseStatus.INVESTIGATING]},
        )[1]
    event = _event(case, kind=EventKind.STEP, step_kind=step_kind, by=by, at=now, text=text.strip())
    audit_record(action=AuditAction.UPDATE, obj=case, changes=step)
    return event


@documents_step()  # its transaction deletes the files of the document drafted if the step fails
def case_decide(*, case: AccountabilityCase, by, decision: str, reasons: str) -> AccountabilityCase:
    """The decision, with reasons. Not while another body holds the case; anything but "no fault"
    needs the person or office concerned to have been heard (a statement step); sanctions and an
    admonishment talk apply to a person only."""
    case = CASE.lock(case)
    require(by, Action.CASE_MANAGE, office=case.office, denied=NOT_YOUR_CASES)
    if case.status != CaseStatus.INVESTIGATING:
        raise InvalidTransition(_("A case is decided after its investigation."), code=Code.CASE_NOT_INVESTIGATED)
    if _open_transfer(case) is not None:
        raise InvalidTransition(
            _("The case is with another body; wait for it to conclude or return it."), code=Code.CASE_WITH_ANOTHER_BODY
        )
    if decision not in Decision.values:
        raise ApplicationError(_("Choose the decision."), field="decision", code=Code.DECISION_REQUIRED)
    if decision in PERSONAL_DECISIONS and case.subject_kind != SubjectKind.STAFF:
        raise ApplicationError(
            _("This decision applies to a person, not to an office."),
            field="decision",
            code=Code.DECISION_FOR_PERSONS_ONLY,
        )
    if decision == Decision.OTHER_BODY and not case.transfers.filter(status=TransferStatus.CONCLUDED).exists():
        raise ApplicationError(
            _("No body has concluded a transfer of this case."), field="decision", code=Code.NO_CONCLUDED_TRANSFER
        )
    heard = case.events.filter(kind=EventKind.STEP, step_kind=StepKind.STATEMENT).exists()
    if decision not in (Decision.NO_FAULT, Decision.OTHER_BODY) and not heard:
        raise ApplicationError(
            _("Record the statement and defence of the person or office concerned before deciding."),
            field="decision",
            code=Code.DEFENCE_NOT_RECORDED,
        )
    if not reasons.strip():
        raise ApplicationError(
            _("Give the reasons for the decision."), field="reasons", code=Code.DECISION_REASONS_REQUIRED
        )
    now = clock.now()
    case = transition(
        case,
        to=CaseStatus.DECIDED,
        by=by,
        note=f"{Decision(decision).label}：{reasons.strip()}",
        lifecycle=CASE,
        locked=True,
        at=now,
        fields={"decision": decision, "decision_text": reasons.strip(), "decided_by": by, "decided_at": now},
        event_fields={"kind": EventKind.DECIDED, "body": _body(by)},
        audit_changes={"decision": [None, decision], "reasons": [None, reasons]},
    )
    case.decision_document_id = paperwork.draft_decision(case, by=by)
    case.save(update_fields=["decision_document_id"])
    audit_record(
        action=AuditAction.UPDATE, obj=case, changes={"decision_document_id": [None, case.decision_document_id]}
    )
    if case.subject_kind == SubjectKind.STAFF:
        transaction.on_commit(
            lambda: notify(
                users=[case.subject_user],
                title=_("Decision in accountability case %(number)s") % {"number": case.number},
                key=f"case-decided:{case.pk}",
            )
        )
    return case


@transaction.atomic
def case_close(*, case: AccountabilityCase, by, note: str = "") -> AccountabilityCase:
    case = CASE.lock(case)
    require(by, Action.CASE_MANAGE, office=case.office, denied=NOT_YOUR_CASES)
    if case.status != CaseStatus.DECIDED:
        raise InvalidTransition(_("A case is closed after its decision."), code=Code.CASE_NOT_DECIDED)
    now = clock.now()
    return transition(
        case,
        to=CaseStatus.CLOSED,
        by=by,
        note=note.strip(),
        lifecycle=CASE,
        locked=True,
        at=now,
        fields={"closed_at": now},
        event_fields={"kind": EventKind.CLOSED, "body": _body(by)},
    )


@documents_step()  # its transaction deletes the files of the document drafted if the step fails
def transfer_send(*, case: AccountabilityCase, by, to_body: str, reason: str) -> CaseTransfer:
    """Sends the case to another body (one open transfer at a time), with its transfer letter
    (移送函) addressed to that body, which gives the transfer its number."""
    case = CASE.lock(case)
    require(by, Action.CASE_MANAGE, office=case.office, denied=NOT_YOUR_CASES)
    if case.status not in OPEN_CASE_STATUSES:
        raise InvalidTransition(_("Only an open case can be transferred."), code=Code.CASE_NOT_OPEN)
    if to_body not in CASE_TRANSFER_BODIES:
        raise ApplicationError(_("Choose the body to send the case to."), field="to_body", code=Code.BODY_REQUIRED)
    if _open_transfer(case) is not None:
        raise InvalidTransition(
            _("The case is already with another body."), field="to_body", code=Code.CASE_ALREADY_TRANSFERRED
        )
    if not reason.strip():
        raise ApplicationError(
            _("Say why the case is transferred."), field="reason", code=Code.TRANSFER_REASON_REQUIRED
        )
    now = clock.now()
    transfer = CaseTransfer.objects.create(
        case=case,
        to_body=to_body,
        status=TransferStatus.SENT,
        reason=reason.strip(),
        sent_by=by,
        sent_at=now,
    )
    _event(case, kind=EventKind.SENT, transfer=transfer, by=by, at=now, text=reason.strip())
    transfer.letter_document_id = paperwork.draft_transfer_letter(transfer, by=by)
    transfer.save(update_fields=["letter_document_id"])
    audit_record(
        action=AuditAction.CREATE,
        obj=transfer,
        changes={
            "to_body": [None, to_body],
            "reason": [None, reason.strip()],
            "letter_document_id": [None, transfer.letter_document_id],
        },
    )
    title = _("Accountability case %(number)s transferred to you") % {"number": case.number}
    users, url = list(_body_users(to_body, case.office)), case.get_absolute_url()
    transaction.on_commit(lambda: notify(users=users, title=title, url=url, key=f"transfer:{transfer.pk}"))
    return transfer


def _check_receiver(by, transfer: CaseTransfer) -> None:
    message = _("Only the body the case was sent to may answer this transfer.")
    require(by, Action.TRANSFER_RESPOND, office=transfer.case.office, denied=message)
    if not by.is_oversight_user or by.oversight_body != transfer.to_body:
        raise PermissionDenied(message, code=Code.NOT_THE_RECEIVING_BODY)


def _tell_office(transfer: CaseTransfer, title: str) -> None:
    users, url = list(_leaders(transfer.case.office)), transfer.case.get_absolute_url()
    transaction.on_commit(lambda: notify(users=users, title=title, url=url))


# The receiving body's answers: the event in the case's history, the fields that record it on the
# transfer (time, text), and what the office is told.
_ANSWERS = {
    TransferStatus.ACCEPTED: (
        EventKind.ACCEPTED,
        "accepted_at",
        None,
        gettext_lazy("Case %(number)s accepted by %(body)s"),
    ),
    TransferStatus.RETURNED: (
        EventKind.RETURNED,
        "returned_at",
        "return_reason",
        gettext_lazy("Case %(number)s returned by %(body)s"),
    ),
    TransferStatus.CONCLUDED: (
        EventKind.CONCLUDED,
        "concluded_at",
        "conclusion",
        gettext_lazy("Case %(number)s concluded by %(body)s"),
    ),
}


def _answer(transfer: CaseTransfer, *, by, to_status: str, text: str, missing: tuple[str, str] | None = None):
    """The body's answer; `missing` (message, field) refuses an empty text."""
    transfer = TRANSFER.lock(transfer)
    _check_receiver(by, transfer)
    text = text.strip()
    if missing is not None and not text:
        raise ApplicationError(missing[0], field=missing[1], code=Code.TEXT_REQUIRED)
    kind, at_field, text_field, title = _ANSWERS[to_status]
    now = clock.now()
    fields = {at_field: now}
    if text_field:
        fields[text_field] = text
    if to_status == TransferStatus.ACCEPTED:
        fields["accepted_by"] = by
    transition(
        transfer,
        to=to_status,
        by=by,
        note=text,
        lifecycle=TRANSFER,
        locked=True,
        at=now,
        fields=fields,
        event_fields={"case": transfer.case, "kind": kind, "body": _body(by)},
        audit_changes={"text": [None, text or None]},
    )
    _tell_office(transfer, str(title) % _names(transfer))
    return transfer


@transaction.atomic
def transfer_accept(*, transfer: CaseTransfer, by, note: str = "") -> CaseTransfer:
    return _answer(transfer, by=by, to_status=TransferStatus.ACCEPTED, text=note)


@transaction.atomic
def transfer_return(*, transfer: CaseTransfer, by, reason: str) -> CaseTransfer:
    """The body returns the case to the office, with its reasons; the case stays open there."""
    missing = (_("Say why the case is returned."), "reason")
    return _answer(transfer, by=by, to_status=TransferStatus.RETURNED, text=reason, missing=missing)


@transaction.atomic
def transfer_conclude(*, transfer: CaseTransfer, by, conclusion: str) -> CaseTransfer:
    """The body records how it dealt with the case; the office then decides and closes it."""
    missing = (_("Record how the case was dealt with."), "conclusion")
    return _answer(transfer, by=by, to_status=TransferStatus.CONCLUDED, text=conclusion, missing=missing)


@transaction.atomic
def transfer_supervise(*, transfer: CaseTransfer, by, text: str, due_on: datetime.date) -> CaseEvent:
    """Supervision (督办) of an open transfer by the sending office's leaders or the discipline
    commission: what is expected, by when. The receiving body is told."""
    transfer = TRANSFER.lock(transfer)
    case = transfer.case
    office_side = may(by, Action.CASE_MANAGE, office=case.office)
    body_side = by.is_oversight_user and by.oversight_body in SUPERVISING_BODIES and by.office.contains(case.office)
    if not (office_side or body_side) or by.oversight_body == transfer.to_body:
        raise PermissionDenied(_("You may not supervise this transfer."), code=Code.MAY_NOT_SUPERVISE_TRANSFER)
    if not transfer.is_open:
        raise InvalidTransition(
            _("Only a transfer still with the body can be supervised."), code=Code.TRANSFER_NOT_PENDING
        )
    if not text.strip():
        raise ApplicationError(
            _("Say what is expected of the receiving body."), field="text", code=Code.EXPECTATION_REQUIRED
        )
    if due_on <= clock.today():
        raise ApplicationError(_("The due date must be in the future."), field="due_on", code=Code.DUE_DATE_IN_PAST)
    now = clock.now()
    event = _event(case, kind=EventKind.SUPERVISED, transfer=transfer, by=by, at=now, text=text.strip(), due_on=due_on)
    audit_record(
        action=AuditAction.UPDATE,
        obj=transfer,
        changes={"supervision_due": [_iso(transfer.supervision_due), due_on.isoformat()], "text": [None, text.strip()]},
    )
    transfer.supervision_due = due_on
    transfer.save(update_fields=["supervision_due"])
    users, url = list(_body_users(transfer.to_body, case.office)), case.get_absolute_url()
    title = _("Supervision of case %(number)s: due by %(date)s") % {"number": case.number, "date": due_on}
    transaction.on_commit(lambda: notify(users=users, title=title, url=url))
    return event


def _iso(day):
    return day.isoformat() if day else None


def _names(transfer: CaseTransfer) -> dict:
    return {"number": transfer.case.number, "body": Body(transfer.to_body).label}
