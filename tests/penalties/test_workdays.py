"""Working days (《行政处罚法》第八十五条): weekends and the State Council's holidays left out, its
weekend working days counted."""

import datetime

from finsup.core.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_a_week_without_holidays():
    assert add_working_days(D(2026, 12, 1), 5) == D(2026, 12, 8)  # Tuesday → the next Tuesday
    assert add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 7)  # Friday → Monday
    assert working_days_between(D(2026, 12, 1), D(2026, 12, 8)) == 5


def test_the_national_day_holiday_and_its_saturday_working_day():
    # 2026: 1–7 October off; Saturday 10 October a working day (国务院办公厅, 2025-11-04).
    assert not is_working_day(D(2026, 10, 1)) and is_working_day(D(2026, 10, 10))
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)  # 8, 9, 10 (Sat), 12, 13
    assert is_working_day(D(2026, 2, 14)) and not is_working_day(D(2026, 2, 16))  # Spring Festival


def test_a_year_without_its_notice_keeps_the_fixed_holidays():
    assert not is_working_day(D(2027, 1, 1)) and not is_working_day(D(2027, 10, 1))
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # Friday 1 January 2027 off, then the weekend
