"""When each demo filing was filed, corrected, returned, accepted and confirmed.

Plain dates and times in Asia/Shanghai; nothing is later than the demo's `as_of` day. The
services stamp their own clock when the filings are stored; the loader then moves those stamps
to these times (see `filings_shape`)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from finsup.reporting.periods import Period, deadline

from .vocab import AREAS

LOCAL = ZoneInfo("Asia/Shanghai")
# The day the demo's history ends, whatever the clock says, so the same seed gives the same
# filings on any day (unless the clock is earlier: nothing is filed in the future).
DEMO_TODAY = datetime.date(2026, 10, 31)
FIRST_DAY = datetime.date(2025, 1, 1)
# The city confirms what the counties accepted within a working fortnight, mostly inside its ten
# days (FINSUP_FILING_REVIEW_DAYS), and leaves a few unconfirmed: the page of the office's overdue
# duties then shows a city with a backlog, not one that never confirms anything recent.
CONFIRM_DAYS = (2, 12)
CONFIRMED_SHARE = 0.97


@dataclass
class FilingPlan:
    """One report of one institution for one period, with its whole review history."""

    credit_code: str
    county_code: str
    lead_supervisor: str
    report_code: str
    period: Period
    deadline_days: int
    figures: dict  # the true figures, in the units of entry
    channel: str = "excel"
    submitted_at: datetime.datetime | None = None
    first_figures: dict | None = None  # what was filed first, when it had to be corrected
    correction_reason: str = ""
    corrected_at: datetime.datetime | None = None
    return_reason: str = ""
    returned_at: datetime.datetime | None = None
    accepted_by: str = ""
    accepted_at: datetime.datetime | None = None
    confirmed_by: str = ""
    confirmed_at: datetime.datetime | None = None
    breaches: tuple[str, ...] = field(default_factory=tuple)

    @property
    def due(self) -> datetime.date:
        return deadline(self.period, self.deadline_days)

    @property
    def late(self) -> bool:
        return self.submitted_at.astimezone(LOCAL).date() > self.due

    @property
    def key(self) -> tuple[str, str, datetime.date]:
        return (self.credit_code, self.report_code, self.period.end)


def at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time in office hours on `day`."""
    minutes = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=LOCAL)


def workday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def later(moment: datetime.datetime, rng: random.Random, low: int, high: int, as_of: datetime.date):
    """A working day `low`–`high` days after `moment`, or None when that is after `as_of`."""
    day = workday(moment.astimezone(LOCAL).date() + datetime.timedelta(days=rng.randint(low, high)))
    if day >= as_of:
        return None
    stamp = at(day, rng)
    return stamp if stamp > moment else moment + datetime.timedelta(hours=1)


def file_on(plan: FilingPlan, rng: random.Random, *, late: bool, as_of: datetime.date) -> None:
    """Filed within the deadline, or 1–20 days after it; never on or after `as_of`."""
    first = plan.period.end + datetime.timedelta(days=1)
    if late:
        day = plan.due + datetime.timedelta(days=rng.randint(1, 20))
    else:
        spread = 9 if plan.deadline_days <= 15 else 60
        day = first + datetime.timedelta(days=rng.randint(plan.deadline_days - spread, plan.deadline_days - 1))
    day = min(day, as_of - datetime.timedelta(days=1))
    plan.submitted_at = at(day, rng)


def review(plan: FilingPlan, rng: random.Random, *, as_of: datetime.date, pending: bool) -> None:
    """The county's clerk accepts, the city confirms most of it."""
    if pending:
        return
    since = plan.corrected_at or plan.submitted_at
    plan.accepted_at = later(since, rng, 1, 6, as_of)
    if plan.accepted_at is None:
        return
    plan.accepted_by = f"{AREAS[plan.county_code]['slug']}_clerk"
    if rng.random() < CONFIRMED_SHARE:
        plan.confirmed_at = later(plan.accepted_at, rng, *CONFIRM_DAYS, as_of)
        plan.confirmed_by = rng.choice(["city_clerk", "city_supervisor"]) if plan.confirmed_at else ""
