"""The periods of a recurring task and their deadlines, from dates alone (no Django): a monthly
task's periods are the calendar months, a quarterly one's the quarters, a half-yearly one's the
half-years, a yearly one's the years; each period is due `due_days` days after its last day. The
first period is the one holding the day the task starts; the last is the one holding `until`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    due_on: datetime.date


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the period of `months` months (1, 3, 6 or 12) that holds `day`."""
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def period_of(day: datetime.date, months: int, due_days: int) -> Period:
    start = period_start(day, months)
    end = _add_months(start, months) - datetime.timedelta(days=1)
    return Period(start, end, end + datetime.timedelta(days=due_days))


def periods(*, months: int, due_days: int, starts_on: datetime.date, until: datetime.date) -> list[Period]:
    """Every period from the one holding `starts_on` to the one holding `until`, oldest first."""
    found = []
    day = period_start(starts_on, months)
    while day <= until:
        found.append(period_of(day, months, due_days))
        day = _add_months(day, months)
    return found
