"""Reads of the duty register, always from what the acting user may see (a county office its own
rows, the city its counties' too): the register of the 27 items, one item's tasks with their
periods and deadlines and its work records, the tasks past their deadline (for the accountability
page and the work queue). Deadlines are computed from dates as of a day, never stored."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from finsup.accounts.selectors import office_scope, staff_pick
from finsup.duties import selectors as duties
from finsup.duties.responsibilities import Item

from . import links
from .models import DutyAssignment, RecurringTask, WorkRecord
from .periods import Period
from .schedule import task_periods


def tasks(*, actor) -> QuerySet[RecurringTask]:
    return RecurringTask.objects.for_user(actor).select_related("office", "responsible")


def task_get(*, actor, pk: int) -> RecurringTask:
    return tasks(actor=actor).get(pk=pk)


def records(*, actor) -> QuerySet[WorkRecord]:
    return WorkRecord.objects.for_user(actor).select_related("office", "by", "task")


def assignments(*, actor) -> QuerySet[DutyAssignment]:
    return DutyAssignment.objects.for_user(actor).select_related("office", "responsible")


def offices(*, actor):
    return office_scope(actor=actor).order_by("path")


def staff_of(office):
    """Who may answer for a duty or a task of the office."""
    return staff_pick(offices=[office], roles={"leader", "lead_supervisor", "inspector", "clerk"})


@dataclass
class TaskState:
    """A task as of a day: its periods due by then, those done (by which record), the overdue ones and
    the next deadline."""

    task: RecurringTask
    due: list[tuple[Period, WorkRecord | None]]  # the periods whose deadline has come, newest first
    overdue: list[Period]
    next_period: Period | None  # the earliest period not done yet whose deadline is still to come

    @property
    def next_due_on(self) -> datetime.date | None:
        if self.overdue:
            return self.overdue[0].due_on
        return self.next_period.due_on if self.next_period else None


def task_state(task: RecurringTask, done: dict, as_of: datetime.date) -> TaskState:
    """`done`: {period start: record} of the task."""
    until = as_of + datetime.timedelta(days=400)  # the periods whose deadline may come within a year
    all_periods = task_periods(task, until=until if task.active else as_of)
    due, overdue, next_period = [], [], None
    for period in all_periods:
        record = done.get(period.start)
        if period.due_on < as_of:
            due.append((period, record))
            if record is None:
                overdue.append(period)
        elif record is None and next_period is None and (task.active or period.start <= as_of):
            next_period = period
        elif record is not None:
            due.append((period, record))
    due.reverse()
    return TaskState(task, due, overdue, next_period)


def _done_by_task(task_ids) -> dict[int, dict]:
    done: dict[int, dict] = defaultdict(dict)
    for record in WorkRecord.objects.filter(task_id__in=task_ids).exclude(period_start=None).select_related("by"):
        done[record.task_id][record.period_start] = record
    return done


def task_states(qs, as_of: datetime.date) -> list[TaskState]:
    listed = list(qs)
    done = _done_by_task([t.pk for t in listed])
    return [task_state(t, done.get(t.pk, {}), as_of) for t in listed]


def tasks_overdue(*, actor, as_of: datetime.date, responsible=None) -> list[tuple[RecurringTask, Period]]:
    """Each period of a task of the actor's scope whose deadline passed before `as_of` with no record
    done, oldest deadline first (the tasks of `responsible` only, if given)."""
    qs = tasks(actor=actor).filter(starts_on__lt=as_of)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    rows = [(s.task, p) for s in task_states(qs, as_of) for p in s.overdue]
    return sorted(rows, key=lambda r: (r[1].due_on, r[0].pk))


def tasks_due_soon(*, actor, as_of: datetime.date, days: int, responsible) -> list[TaskState]:
    """The active tasks of `responsible` with a period due within `days` days and not done."""
    limit = as_of + datetime.timedelta(days=days)
    states = task_states(tasks(actor=actor).filter(responsible=responsible, active=True), as_of)
    return [s for s in states if s.next_period is not None and s.next_period.due_on <= limit]


@dataclass
class ItemRow:
    item: Item
    assignments: list = field(default_factory=list)
    tasks: int = 0
    overdue: int = 0
    last: WorkRecord | None = None
    records: int = 0


def register(*, actor, as_of: datetime.date, office=None) -> list[ItemRow]:
    """The 27 items with, in the actor's scope (or `office`'s), who answers for each, the number of
    active tasks, the overdue periods, the number of records and the latest one."""
    rows = {i.id: ItemRow(item=i) for i in duties.responsibility_list().items}
    scope = (lambda qs: qs.filter(office__path__startswith=office.path)) if office is not None else (lambda qs: qs)
    for a in scope(assignments(actor=actor)).order_by("office__path"):
        rows[a.item].assignments.append(a)
    for state in task_states(scope(tasks(actor=actor)), as_of):
        row = rows[state.task.item]
        row.tasks += 1 if state.task.active else 0
        row.overdue += len(state.overdue)
    for r in scope(records(actor=actor)).order_by("done_on", "pk"):
        rows[r.item].records += 1
        rows[r.item].last = r
    return list(rows.values())


@dataclass
class RecordView:
    record: WorkRecord
    link: links.Linked | None  # the record linked or the document, when the actor may open it
    follow_ups: list = field(default_factory=list)


def item_page(*, actor, item_id: int, as_of: datetime.date, office=None) -> dict:
    """One item: its assignments, its tasks (as of `as_of`) and its work records, newest first."""
    scope = (lambda qs: qs.filter(office__path__startswith=office.path)) if office is not None else (lambda qs: qs)
    states = task_states(
        scope(tasks(actor=actor).filter(item=item_id)).order_by("-active", "office__path", "pk"), as_of
    )
    found = list(scope(records(actor=actor).filter(item=item_id)).order_by("-done_on", "-pk"))
    linked = links.resolve_many(actor=actor, sources=[r.source for r in found if r.source])
    documents = links.documents_of(actor=actor, ids=[r.document_id for r in found if r.document_id])
    follow_ups: dict[int, list] = defaultdict(list)
    for s in states:
        if s.task.origin_id:
            follow_ups[s.task.origin_id].append(s)
    views = [
        RecordView(r, linked.get(r.source) if r.source else documents.get(r.document_id), follow_ups.get(r.pk, []))
        for r in found
    ]
    return {
        "assignments": list(scope(assignments(actor=actor).filter(item=item_id)).order_by("office__path")),
        "states": states,
        "records": views,
    }


def items_covered(*, actor) -> dict[int, tuple[int, int]]:
    """{item: (tasks, records)} in the actor's scope (the demo's check that every item is kept)."""
    counts = {i: [0, 0] for i in duties.item_ids()}
    for item in tasks(actor=actor).values_list("item", flat=True):
        counts[item][0] += 1
    for item in records(actor=actor).values_list("item", flat=True):
        counts[item][1] += 1
    return {i: (t, r) for i, (t, r) in counts.items()}
