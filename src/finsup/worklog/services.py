"""Writes of the duty register: who answers for an item, a task the office sets itself, and the
work records that show a duty was kept (a task's period done, a meeting with its minutes and
follow-ups, an official document, a record elsewhere in the platform, work done). Each write is
atomic and audited; a refusal raises ApplicationError (with the app's code) and writes nothing.
Records are never changed: a correction is a later record."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require
from finsup.accounts.selectors import STAFF_ROLES
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.documents.choices import DocumentKind
from finsup.documents.services import document_draft
from finsup.duties.selectors import item_ids

from . import account, links
from .choices import Frequency, RecordKind
from .errors import Code
from .models import DutyAssignment, RecurringTask, WorkRecord
from .schedule import task_periods

NOT_YOURS = gettext_lazy("You may not keep the duty register of this office.")
NOT_PLANNER = gettext_lazy("Only the office's leaders and lead supervisors set its duties and tasks.")
MAX_DUE_DAYS = 366


def _item(item) -> int:
    try:
        value = int(item)
    except (TypeError, ValueError):
        value = 0
    if value not in item_ids():
        raise ApplicationError(
            _("Choose an item of the responsibility list (① to ㉗)."), field="item", code=Code.ITEM_UNKNOWN
        )
    return value


def _staff_of(office, user, field: str = "responsible"):
    if user is None or not user.is_active or user.office_id != office.pk or user.role not in STAFF_ROLES:
        raise ApplicationError(
            _("Choose a member of staff of the office."), field=field, code=Code.RESPONSIBLE_NOT_IN_OFFICE
        )
    return user


def _day(value, field: str = "done_on") -> datetime.date:
    if not isinstance(value, datetime.date) or value > clock.today():
        raise ApplicationError(
            _("Give the date it was done: today or earlier."), field=field, code=Code.RECORD_DATE_INVALID
        )
    return value


def _clean(value) -> str:
    return "\n".join(line.rstrip() for line in (value or "").strip().splitlines())


# -- who answers for an item ---------------------------------------------------------------------


@transaction.atomic
def assignment_set(*, by, office, item, responsible, note: str = "") -> DutyAssignment:
    """Names the member of staff of `office` who answers for the item (replacing the one before)."""
    require(by, Action.WORKLOG_PLAN, office=office, denied=NOT_PLANNER, outside=NOT_YOURS)
    item = _item(item)
    _staff_of(office, responsible)
    note = (note or "").strip()[:300]
    now = clock.now()
    current = DutyAssignment.objects.select_for_update().filter(office=office, item=item).first()
    if current is None:
        current = DutyAssignment.objects.create(
            office=office, item=item, responsible=responsible, note=note, assigned_by=by, assigned_at=now
        )
        audit_record(
            action=AuditAction.CREATE,
            obj=current,
            changes={"item": [None, item], "responsible": [None, responsible.pk], "note": [None, note]},
        )
        return current
    before = current.responsible_id
    current.responsible, current.note, current.assigned_by, current.assigned_at = responsible, note, by, now
    current.save()
    audit_record(action=AuditAction.UPDATE, obj=current, changes={"responsible": [before, responsible.pk]})
    return current


# -- tasks -----------------------------------------------------------------------------------------


@transaction.atomic
def task_add(
    *,
    by,
    office,
    item,
    title: str,
    frequency: str,
    responsible,
    due_days: int = 0,
    due_on: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    origin: WorkRecord | None = None,
) -> RecurringTask:
    """A recurring task of the office under the item (each period due `due_days` days after it
    ends), or, frequency "once", a task due on `due_on`."""
    require(by, Action.WORKLOG_PLAN, office=office, denied=NOT_PLANNER, outside=NOT_YOURS)
    return _task_create(
        by=by,
        office=office,
        item=item,
        title=title,
        frequency=frequency,
        responsible=responsible,
        due_days=due_days,
        due_on=due_on,
        starts_on=starts_on,
        origin=origin,
    )


def _task_create(*, by, office, item, title, frequency, responsible, due_days, due_on, starts_on, origin):
    item = _item(item)
    title = _clean(title)[:200]
    if not title:
        raise ApplicationError(_("Name the task."), field="title", code=Code.TASK_TITLE_REQUIRED)
    if frequency not in Frequency.values:
        raise ApplicationError(
            _("Choose how often the task falls due."), field="frequency", code=Code.TASK_FREQUENCY_INVALID
        )
    _staff_of(office, responsible)
    today = clock.today()
    if frequency == Frequency.ONCE:
        if not isinstance(due_on, datetime.date):
            raise ApplicationError(
                _("Give the date the task is due."), field="due_on", code=Code.TASK_DUE_DATE_REQUIRED
            )
        due_days, starts_on = 0, starts_on or today
    else:
        try:
            due_days = int(due_days)
        except (TypeError, ValueError):
            due_days = -1
        if not 0 <= due_days <= MAX_DUE_DAYS:
            raise ApplicationError(
                _("The days allowed after each period are a number from 0 to 366."),
                field="due_days",
                code=Code.TASK_DUE_DAYS_INVALID,
            )
        due_on, starts_on = None, starts_on or today
    task = RecurringTask.objects.create(
        office=office,
        item=item,
        title=title,
        frequency=frequency,
        due_days=due_days,
        due_on=due_on,
        starts_on=starts_on,
        responsible=responsible,
        origin=origin,
        created_by=by,
        created_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=task,
        changes={
            "item": [None, item],
            "title": [None, title],
            "frequency": [None, frequency],
            "due_days": [None, due_days],
            "due_on": [None, due_on.isoformat() if due_on else None],
            "starts_on": [None, starts_on.isoformat()],
            "responsible": [None, responsible.pk],
        },
    )
    return task


@transaction.atomic
def task_stop(*, by, task: RecurringTask, on: datetime.date | None = None) -> RecurringTask:
    """Stops a task from `on` (today): no period after it falls due; those before keep their deadlines."""
    task = RecurringTask.objects.select_for_update().select_related("office").get(pk=task.pk)
    require(by, Action.WORKLOG_PLAN, office=task.office, denied=NOT_PLANNER, outside=NOT_YOURS)
    if not task.active:
        raise InvalidTransition(_("The task is already stopped."), code=Code.TASK_INACTIVE)
    task.active, task.stopped_on = False, on or clock.today()
    task.save(update_fields=["active", "stopped_on"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=task,
        changes={"active": [True, False], "stopped_on": [None, task.stopped_on.isoformat()]},
    )
    return task


def _period_of(task: RecurringTask, period_start, done_on: datetime.date) -> datetime.date:
    """The period a record of the task fulfils: `period_start` if given, else the earliest period
    begun by `done_on` not done yet (a one-off task has one, which may be done early)."""
    done = set(task.records.exclude(period_start=None).values_list("period_start", flat=True))
    candidates = task_periods(task, until=done_on)
    if period_start is not None:
        chosen = next((p for p in candidates if p.start == period_start), None)
        if chosen is None:
            raise ApplicationError(
                _("The task has no such period begun by that date."), field="period_start", code=Code.PERIOD_NOT_DUE
            )
        if chosen.start in done:
            raise ApplicationError(
                _("This period of the task is already recorded as done."),
                field="period_start",
                code=Code.PERIOD_ALREADY_DONE,
            )
        return chosen.start
    chosen = next((p for p in candidates if p.start not in done), None)
    if chosen is None:
        raise ApplicationError(
            _("Every period of the task begun by that date is already done."),
            field="period_start",
            code=Code.PERIOD_ALREADY_DONE,
        )
    return chosen.start


# -- work records ----------------------------------------------------------------------------------


def _record(*, by, office, item, kind, done_on, title, task=None, period_start=None, **fields) -> WorkRecord:
    require(by, Action.WORKLOG_RECORD, office=office, denied=NOT_YOURS)
    item = _item(item)
    done_on = _day(done_on)
    if task is not None:
        task = RecurringTask.objects.select_for_update().select_related("office").get(pk=task.pk)
        if task.office_id != office.pk:
            raise ApplicationError(_("The task is another office's."), field="task", code=Code.TASK_OTHER_OFFICE)
        item = task.item
        period_start = _period_of(task, period_start, done_on)
    record = WorkRecord.objects.create(
        office=office,
        item=item,
        kind=kind,
        task=task,
        period_start=period_start,
        done_on=done_on,
        title=title[:200],
        by=by,
        at=clock.now(),
        **fields,
    )
    changes = {
        "item": [None, item],
        "kind": [None, kind],
        "done_on": [None, done_on.isoformat()],
        "title": [None, title],
    }
    if task is not None:
        changes |= {"task": [None, task.pk], "period_start": [None, period_start.isoformat()]}
    changes |= {k: [None, v] for k, v in fields.items() if v not in ("", None) and k != "minutes"}
    audit_record(action=AuditAction.CREATE, obj=record, changes=changes)
    return record


@transaction.atomic
def task_done(
    *, by, task: RecurringTask, done_on: datetime.date, text: str, period_start: datetime.date | None = None
) -> WorkRecord:
    """Records a period of the task as done (the earliest not done yet, unless `period_start` says)."""
    text = _clean(text)
    if not text:
        raise ApplicationError(_("Say what was done."), field="text", code=Code.RECORD_TEXT_REQUIRED)
    return _record(
        by=by,
        office=task.office,
        item=task.item,
        kind=RecordKind.TASK_DONE,
        done_on=done_on,
        title=task.title,
        task=task,
        period_start=period_start,
        text=text,
    )


@transaction.atomic
def meeting_record(
    *,
    by,
    office,
    item,
    title: str,
    done_on: datetime.date,
    attendees: str,
    minutes: str,
    decisions: str = "",
    follow_ups: list[dict] | None = None,
    task: RecurringTask | None = None,
    period_start: datetime.date | None = None,
) -> WorkRecord:
    """A meeting with its minutes, attendees and decisions; it may be a task's period (a quarterly
    liaison meeting). Each follow-up ({title, due_on, responsible}) becomes a one-off task of the
    office under the same item, due on its date."""
    title, attendees, minutes = _clean(title), _clean(attendees), _clean(minutes)
    if not title:
        raise ApplicationError(_("Name the meeting."), field="title", code=Code.RECORD_TEXT_REQUIRED)
    if not attendees:
        raise ApplicationError(_("List who attended."), field="attendees", code=Code.ATTENDEES_REQUIRED)
    if not minutes:
        raise ApplicationError(_("Write the minutes of the meeting."), field="minutes", code=Code.MINUTES_REQUIRED)
    record = _record(
        by=by,
        office=office,
        item=item,
        kind=RecordKind.MEETING,
        done_on=done_on,
        title=title,
        task=task,
        period_start=period_start,
        attendees=attendees,
        minutes=minutes,
        decisions=(decisions or "").strip(),
    )
    for follow_up in follow_ups or []:
        if not (follow_up.get("title") or "").strip() or not isinstance(follow_up.get("due_on"), datetime.date):
            raise ApplicationError(
                _("Each follow-up needs what is to be done and by when."),
                field="follow_ups",
                code=Code.FOLLOW_UP_INVALID,
            )
        _task_create(
            by=by,
            office=record.office,
            item=record.item,
            title=follow_up["title"],
            frequency=Frequency.ONCE,
            responsible=follow_up.get("responsible") or by,
            due_days=0,
            due_on=follow_up["due_on"],
            starts_on=done_on,
            origin=record,
        )
    return record


@transaction.atomic
def document_record(
    *, by, office, item, document_id, done_on: datetime.date, text: str = "", task=None, period_start=None
) -> WorkRecord:
    """An official document of the register (one the actor may see) as the record of the duty."""
    document = links.document_for(actor=by, pk=document_id)
    if document is None:
        raise ApplicationError(
            _("No such official document in your jurisdiction."), field="document", code=Code.DOCUMENT_NOT_FOUND
        )
    return _record(
        by=by,
        office=office,
        item=item,
        kind=RecordKind.DOCUMENT,
        done_on=done_on,
        title=document.label,
        task=task,
        period_start=period_start,
        text=(text or "").strip(),
        document_id=document.pk,
    )


@transaction.atomic
def link_record(
    *, by, office, item, source: str, done_on: datetime.date, text: str = "", task=None, period_start=None
) -> WorkRecord:
    """A record elsewhere in the platform ("app_label.model:pk": an inspection, an incident, a
    suspected fundraising entity, a survey …) that the actor may see, as the record of the duty."""
    found = links.resolve(actor=by, source=source)
    if found is None:
        raise ApplicationError(
            _("No such record in your jurisdiction to link."), field="source", code=Code.LINK_NOT_FOUND
        )
    return _record(
        by=by,
        office=office,
        item=item,
        kind=RecordKind.LINK,
        done_on=done_on,
        title=found.label,
        task=task,
        period_start=period_start,
        text=(text or "").strip(),
        source=found.source,
        source_label=found.label[:300],
    )


@transaction.atomic
def note_record(*, by, office, item, title: str, done_on: datetime.date, text: str, task=None, period_start=None):
    """Work done under the item, told in words."""
    title, text = _clean(title), _clean(text)
    if not title:
        raise ApplicationError(_("Name the work done."), field="title", code=Code.RECORD_TEXT_REQUIRED)
    if not text:
        raise ApplicationError(_("Say what was done."), field="text", code=Code.RECORD_TEXT_REQUIRED)
    return _record(
        by=by,
        office=office,
        item=item,
        kind=RecordKind.NOTE,
        done_on=done_on,
        title=title,
        task=task,
        period_start=period_start,
        text=text,
    )


def _addressee(office) -> str:
    """Whom an office reports its account to: the office above it, the city office to the city government."""
    parent = office.parent
    if parent is None or parent.level == OfficeLevel.PROVINCE:
        return "临沂市人民政府"
    return parent.name


@transaction.atomic
def performance_report_draft(*, by, office, duty: int, year: int):
    """The office's yearly account of one duty (履职情况报告), a draft document written from the work
    records and tasks of each of its items; checked and signed off as every document."""
    require(by, Action.WORKLOG_PLAN, office=office, denied=NOT_PLANNER)
    if duty not in range(1, 7):
        raise ApplicationError(_("Choose a duty of the responsibility list."), field="duty", code=Code.ITEM_UNKNOWN)
    today = clock.today()
    if not isinstance(year, int) or year > today.year or year < 2015:
        raise ApplicationError(_("Choose a year that has begun."), field="year", code=Code.RECORD_DATE_INVALID)
    accounts = account.duty_account(office=office, duty_id=duty, year=year, as_of=today)
    context = account.report_context(
        office=office, addressee=_addressee(office), duty_id=duty, year=year, accounts=accounts
    )
    return document_draft(kind=DocumentKind.PERFORMANCE_REPORT, office=office, context=context, by=by)
