"""The platform's clock. Services ask it the time (`now()`, `today()`) instead of Django's timezone
module, so that a command replaying the past, such as the demo loader building a year of supervision
relative to a chosen day, can set the moment each event happens (`at(moment)`), and every row it
writes bears that moment. Outside `at(...)` it is Django's clock (tests that fix
django.utils.timezone.now still fix this one)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_fixed: ContextVar[datetime.datetime | None] = ContextVar("finsup_clock_fixed", default=None)


def now() -> datetime.datetime:
    """The current moment (aware, UTC), or the moment set by `at(...)`."""
    fixed = _fixed.get()
    return fixed if fixed is not None else timezone.now()


def today() -> datetime.date:
    """Today's date in the office's time zone (Asia/Shanghai), by `now()`."""
    return timezone.localdate(now())


@contextmanager
def at(moment: datetime.datetime) -> Iterator[datetime.datetime]:
    """Within the block, `now()` is `moment` (which must be aware)."""
    if timezone.is_naive(moment):
        raise ValueError("clock.at needs an aware datetime")
    token = _fixed.set(moment)
    try:
        yield moment
    finally:
        _fixed.reset(token)
