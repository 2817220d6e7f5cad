"""When each demo filing was filed, corrected, returned, accepted and confirmed.

Plain dates and times in Asia/Shanghai, relative to the demo's `as_of` day: the history starts in
January of the year before, and nothing is on or after `as_of`. The services stamp their own clock
when the filings are stored; the loader then moves those stamps to these times (see `filings_shape`)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from finsup.reporting.periods import Period, deadline

from .vocab import AREAS

LOCAL = ZoneInfo("Asia/Shanghai")
# The registry's history ends in 2025 (vocab.AS_OF): the demo's day can be no earlier than this.
EARLIEST_AS_OF = datetime.date(2026, 1, 1)
# The counties accept within days and the city confirms within a week, inside their five and ten
# days (FINSUP_FILING_REVIEW_DAYS); one review in twenty is late. Of the last two months the city
# leaves a few unconfirmed: the page of the office's overdue duties then shows a few late reviews
# and a small backlog, not an office that stopped reviewing when the calendar moved.
ACCEPT_DAYS, LATE_ACCEPT_DAYS = (1, 3), (6, 10)
CONFIRM_DAYS, LATE_CONFIRM_DAYS = (2, 7), (11, 16)
LATE_REVIEW_SHARE = 0.05
BACKLOG_DAYS = 60
UNCONFIRMED_SHARE = 0.03


def first_day(as_of: datetime.date) -> datetime.date:
    """The demo's history starts on 1 January of the year before `as_of`."""
    return datetime.date(as_of.year - 1, 1, 1)


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
    held: bool = False  # left waiting for review past its deadline on purpose (a backlog of the story)

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


def catch_up(moment: datetime.datetime, rng: random.Random, days: int, as_of: datetime.date):
    """A step planned for `as_of` or later that would by then be more than `days` days overdue is
    taken on the last working day before `as_of` instead (None when it is not overdue yet): the
    office keeps up with its deadlines whatever day the demo is built for."""
    if moment.astimezone(LOCAL).date() + datetime.timedelta(days=days) >= as_of:
        return None
    day = as_of - datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    stamp = at(day, rng)
    return stamp if stamp > moment else moment + datetime.timedelta(hours=1)


def file_on(plan: FilingPlan, rng: random.Random, *, late: bool, as_of: datetime.date) -> bool:
    """Filed within the deadline, or 1–20 days after it; never on or after `as_of`. False when it
    would be filed on or after `as_of` and its deadline has not passed: not filed yet, not late."""
    first = plan.period.end + datetime.timedelta(days=1)
    if late:
        day = plan.due + datetime.timedelta(days=rng.randint(1, 20))
    else:
        spread = 9 if plan.deadline_days <= 15 else 60
        day = first + datetime.timedelta(days=rng.randint(plan.deadline_days - spread, plan.deadline_days - 1))
    if day >= as_of and plan.due >= as_of:
        return False
    day = min(day, as_of - datetime.timedelta(days=1))
    plan.submitted_at = at(day, rng)
    return True


def review(plan: FilingPlan, rng: random.Random, *, as_of: datetime.date, held: bool) -> None:
    """The county's clerk accepts within days (what was filed in the last days before `as_of` is
    still waiting), the city confirms within a fortnight; `held` filings wait at the county on
    purpose, and a few of the last two months' wait at the city."""
    if held:
        plan.held = True
        return
    allowed = settings.FINSUP_FILING_REVIEW_DAYS
    since = plan.corrected_at or plan.submitted_at
    days = LATE_ACCEPT_DAYS if rng.random() < LATE_REVIEW_SHARE else ACCEPT_DAYS
    plan.accepted_at = later(since, rng, *days, as_of) or catch_up(since, rng, allowed["county"], as_of)
    if plan.accepted_at is None:
        return
    plan.accepted_by = f"{AREAS[plan.county_code]['slug']}_clerk"
    recent = plan.accepted_at.astimezone(LOCAL).date() >= as_of - datetime.timedelta(days=BACKLOG_DAYS)
    if recent and rng.random() < UNCONFIRMED_SHARE:
        plan.held = True
        return
    days = LATE_CONFIRM_DAYS if rng.random() < LATE_REVIEW_SHARE else CONFIRM_DAYS
    plan.confirmed_at = later(plan.accepted_at, rng, *days, as_of) or catch_up(
        plan.accepted_at, rng, allowed["city"], as_of
    )
    plan.confirmed_by = rng.choice(["city_clerk", "city_supervisor"]) if plan.confirmed_at else ""
