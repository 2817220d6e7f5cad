"""The periods of a recurring task and their deadlines, per frequency, from dates alone."""

import datetime

from finsup.worklog.periods import Period, period_of, periods

D = datetime.date


def test_each_frequency_has_calendar_periods_due_days_after_they_end():
    assert period_of(D(2026, 5, 17), 1, 10) == Period(D(2026, 5, 1), D(2026, 5, 31), D(2026, 6, 10))
    assert period_of(D(2026, 5, 17), 3, 15) == Period(D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 15))
    assert period_of(D(2026, 8, 1), 6, 0) == Period(D(2026, 7, 1), D(2026, 12, 31), D(2026, 12, 31))
    assert period_of(D(2026, 2, 28), 12, 31) == Period(D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 31))
    assert period_of(D(2024, 2, 3), 1, 0).end == D(2024, 2, 29)  # a leap year's February


def test_periods_run_from_the_one_holding_the_start_to_the_one_holding_until():
    found = periods(months=3, due_days=10, starts_on=D(2025, 11, 20), until=D(2026, 7, 1))
    assert [p.start for p in found] == [D(2025, 10, 1), D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1)]
    assert found[0].due_on == D(2026, 1, 10)
    assert periods(months=1, due_days=5, starts_on=D(2026, 3, 1), until=D(2026, 2, 1)) == []
