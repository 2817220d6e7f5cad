"""A task's periods and their deadlines (periods.py over a task's frequency, start and stop): what
the services check a record against and the selectors compute what is overdue from."""

from __future__ import annotations

import datetime

from . import periods
from .choices import MONTHS, Frequency


def task_periods(task, *, until: datetime.date) -> list[periods.Period]:
    """The task's periods up to the one holding `until` (a stopped task's up to its stop), with deadlines."""
    if task.frequency == Frequency.ONCE:
        return [periods.Period(task.due_on, task.due_on, task.due_on)]
    last = min(until, task.stopped_on) if task.stopped_on else until
    return periods.periods(months=MONTHS[task.frequency], due_days=task.due_days, starts_on=task.starts_on, until=last)
