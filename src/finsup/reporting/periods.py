"""Reporting periods: the calendar of each frequency, and deadlines computed from dates."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months == 12:
            return f"{self.start.year}"
        if months == 6:
            return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
        if months == 3:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_containing(day: datetime.date, frequency: str) -> Period:
    step = MONTHS_PER_PERIOD[frequency]
    first_month = (day.month - 1) // step * step + 1
    last_month = first_month + step - 1
    return Period(datetime.date(day.year, first_month, 1), _month_end(day.year, last_month))


def previous_period(period: Period, frequency: str) -> Period:
    return period_containing(period.start - datetime.timedelta(days=1), frequency)


def periods_between(first: datetime.date, last: datetime.date, frequency: str) -> list[Period]:
    """Every period that ends within [first, last], oldest first."""
    out, period = [], period_containing(last, frequency)
    if period.end > last:
        period = previous_period(period, frequency)
    while period.end >= first:
        out.append(period)
        period = previous_period(period, frequency)
    return out[::-1]


def deadline(period: Period, deadline_days: int) -> datetime.date:
    return period.end + datetime.timedelta(days=deadline_days)


def parse_period(label: str, frequency: str) -> Period:
    """'2026-03', '2026Q1', '2026H1', '2026' → the period; ValueError when malformed or mismatched."""
    label = label.strip().upper()
    if frequency == "monthly":
        year, month = label.split("-")
        day = datetime.date(int(year), int(month), 1)
    elif frequency == "quarterly":
        year, quarter = label.split("Q")
        day = datetime.date(int(year), (int(quarter) - 1) * 3 + 1, 1)
    elif frequency == "semiannual":
        year, half = label.split("H")
        day = datetime.date(int(year), 1 if int(half) == 1 else 7, 1)
    else:
        day = datetime.date(int(label), 1, 1)
    period = period_containing(day, frequency)
    if period.label != label:
        raise ValueError(label)
    return period


def parse_any_period(label: str) -> Period:
    """A period of any frequency, told by its shape ('2026-03', '2026Q1', '2026H1', '2026');
    ValueError when malformed."""
    shape = label.strip().upper()
    marks = {"-": "monthly", "Q": "quarterly", "H": "semiannual"}
    return parse_period(shape, next((f for mark, f in marks.items() if mark in shape), "annual"))
