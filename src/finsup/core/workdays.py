"""Working days (工作日) of the mainland calendar, for deadlines that the law counts in working days.

《中华人民共和国行政处罚法》(2021) 第八十五条: "本法中'二日''三日''五日''七日'的规定是指工作日，
不含法定节假日。" A working day is Monday to Friday, except the public holidays of the year, plus
the weekend days the State Council's notice makes working days (调休上班).

The holidays are published each year by the General Office of the State Council (国务院办公厅关于
<year>年部分节假日安排的通知). `YEARS` holds the years read; for a year not in it, only the fixed
statutory holidays of 《全国年节及纪念日放假办法》(2024 revision) are known (元旦 1月1日, 劳动节
5月1日–2日, 国庆节 10月1日–3日): the lunar-calendar holidays and the 调休 of such a year are not,
so add the year's notice here when it is published (in November of the year before).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


def _days(year: int, *spans: tuple[int, int, int]) -> frozenset[datetime.date]:
    """(month, first day, last day) spans of one year."""
    return frozenset(datetime.date(year, month, day) for month, first, last in spans for day in range(first, last + 1))


@dataclass(frozen=True)
class Year:
    holidays: frozenset[datetime.date]  # days off, weekends inside the holiday included
    workdays: frozenset[datetime.date]  # weekend days that are working days (调休上班)
    source: str


YEARS: dict[int, Year] = {
    2026: Year(
        holidays=_days(2026, (1, 1, 3), (2, 15, 23), (4, 4, 6), (5, 1, 5), (6, 19, 21), (9, 25, 27), (10, 1, 7)),
        workdays=frozenset(datetime.date(2026, m, d) for m, d in ((1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10))),
        source="国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
    ),
}

# 《全国年节及纪念日放假办法》(2024) 第二条: the holidays fixed on the solar calendar.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


def is_working_day(day: datetime.date) -> bool:
    year = YEARS.get(day.year)
    if year is not None:
        if day in year.workdays:
            return True
        if day in year.holidays:
            return False
    elif (day.month, day.day) in FIXED_HOLIDAYS:
        return False
    return day.weekday() < 5


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The `n`-th working day after `day` (n ≥ 1): the last day of a period of `n` working days that
    starts counting the day after `day` (the day of the event itself is not counted: 《民法典》第二百
    零一条, the usual reading of the law's periods)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    while n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
