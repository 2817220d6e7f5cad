"""The periods a summary covers: half-years (2026H1) and years (2025)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from finsup.reporting.periods import Period, parse_period, period_containing, previous_period

SEMIANNUAL, ANNUAL = "semiannual", "annual"


def summary_period(label: str) -> Period:
    """'2026H1', '2026H2' or '2025' → the period; ValueError for anything else."""
    label = (label or "").strip().upper()
    frequency = SEMIANNUAL if "H" in label else ANNUAL
    if not label[:4].isdigit():
        raise ValueError(label)
    return parse_period(label, frequency)


def is_annual(period: Period) -> bool:
    return period.start.month == 1 and period.end.month == 12


def default_period(today: datetime.date) -> Period:
    """The last half-year that has ended."""
    return previous_period(period_containing(today, SEMIANNUAL), SEMIANNUAL)


def recent_periods(today: datetime.date, *, halves: int = 6, years: int = 3) -> list[Period]:
    """The current half-year and year (still running) and the ones before, newest first."""
    out = []
    period = period_containing(today, SEMIANNUAL)
    for _i in range(halves):
        out.append(period)
        period = previous_period(period, SEMIANNUAL)
    period = period_containing(today, ANNUAL)
    for _i in range(years):
        out.append(period)
        period = previous_period(period, ANNUAL)
    return out


def period_text(period: Period) -> str:
    """The period as the interface shows it: "2026, first half", "2025, full year"."""
    if is_annual(period):
        return _("{year}, full year").format(year=period.start.year)
    if period.start.month == 1:
        return _("{year}, first half").format(year=period.start.year)
    return _("{year}, second half").format(year=period.start.year)
