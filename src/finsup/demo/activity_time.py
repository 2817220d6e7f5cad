"""When the demo's supervision activity happens: working days before the demo's date, at office
hours, and the step of a user at such a moment (the audit names the user on whose behalf the
loader acted; `finsup.core.clock` makes every row the services write bear the moment)."""

from __future__ import annotations

import contextlib
import datetime
import random
from zoneinfo import ZoneInfo

from finsup.core import clock

from .filings_review import as_user

OFFICE_TZ = ZoneInfo("Asia/Shanghai")
# Office hours of a working day, in minutes after midnight: morning and afternoon.
_HOURS = ((9 * 60, 11 * 60 + 30), (14 * 60 + 30, 17 * 60 + 30))


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The working day (Monday to Friday) `n` working days before `day` (n ≥ 1)."""
    while n > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days_after(day: datetime.date, n: int) -> datetime.date:
    while n > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def office_moment(day: datetime.date, minute: int) -> datetime.datetime:
    """`minute` minutes after midnight of `day`, in the office's time zone (aware)."""
    naive = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60))
    return naive.replace(tzinfo=OFFICE_TZ)


class Diary:
    """The moments of one record's steps, in order: `step(days)` is `days` working days after the
    previous step (0: later the same day, or the next morning), at an office hour drawn from `rng`.
    Plan the steps so that the last one falls before `as_of`: `start_back` working days before it."""

    def __init__(self, *, as_of: datetime.date, start_back: int, rng: random.Random):
        self.as_of, self.rng = as_of, rng
        self.day = working_days_before(as_of, max(start_back, 1))
        self.minute = None

    def step(self, days: int = 1) -> datetime.datetime:
        if days > 0 or self.minute is None:
            self.day = working_days_after(self.day, days)
            start, end = _HOURS[self.rng.randrange(2)]
            self.minute = self.rng.randrange(start, end)
        else:
            self.minute += self.rng.randrange(20, 90)
            if self.minute > _HOURS[1][1]:
                self.day, self.minute = working_days_after(self.day, 1), _HOURS[0][0] + self.rng.randrange(60)
        if self.day >= self.as_of:
            raise ValueError(f"a demo step on {self.day} is not before {self.as_of}: plan fewer steps")
        return office_moment(self.day, self.minute)


@contextlib.contextmanager
def acting(user, moment: datetime.datetime):
    """A step of `user` (None: the platform or the public) at `moment`; the documents it drafted are
    signed off after it as the office would (activity_signoff, while the activity loads)."""
    with contextlib.ExitStack() as stack:
        if user is not None:
            stack.enter_context(as_user(user))
        stack.enter_context(clock.at(moment))
        yield moment
    from .activity_signoff import sign_off_step

    sign_off_step(moment)
