"""The bundled one-year LPR table: one row per monthly announcement, in order, each with its source.

The NIFC publishes the LPR on the 20th of every month, or on the next working day when the 20th
is not one. What a test can check without a holiday calendar: one row per calendar month from
August 2019 with no month missing; a date from the 20th to the 26th; a weekday, except the
Saturdays that were working days; a date after the 20th only when the days before it were a
weekend, or for a postponement by a public holiday that a source confirms.
"""

import datetime
from decimal import Decimal

from finsup.rulebook.loans_engine import LPR_FILE, read_lpr, read_lpr_table
from finsup.rulebook.spark_engine import lpr_calendar

FIRST = datetime.date(2019, 8, 20)  # the first LPR under the reformed mechanism (PBoC announcement [2019] No. 15)
# Published on a Saturday that was a working day (Reuters, 2021-02-21: "February fixing on Saturday").
SATURDAY_WORKDAYS = {datetime.date(2021, 2, 20)}
# Postponed past a weekday holiday, each confirmed by a report of that day.
HOLIDAY_POSTPONEMENTS = {
    datetime.date(2021, 9, 22): "Mid-Autumn Festival (Reuters 2021-09-22)",
    datetime.date(2026, 2, 24): "Spring Festival (Xinhua 2026-02-24)",
}


def _months(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def test_the_table_is_sorted_and_has_one_row_per_month_without_gaps():
    rows = read_lpr_table()
    dates = [r.date for r in rows]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert dates[0] == FIRST
    assert [(d.year, d.month) for d in dates] == _months(FIRST, dates[-1])


def test_every_date_is_a_plausible_publication_day():
    for row in read_lpr_table():
        day, twentieth = row.date, row.date.replace(day=20)
        assert twentieth <= day <= twentieth + datetime.timedelta(days=6), row
        assert day.weekday() < 5 or day in SATURDAY_WORKDAYS, row
        skipped = [twentieth + datetime.timedelta(days=n) for n in range((day - twentieth).days)]
        assert all(d.weekday() >= 5 for d in skipped) or day in HOLIDAY_POSTPONEMENTS, row


def test_every_row_has_a_rate_a_status_and_a_source():
    for row in read_lpr_table():
        assert row.status in {"V", "S", "U"}, row
        assert row.source.strip(), row
        assert Decimal("0") < row.rate < Decimal("10") and row.rate % Decimal("0.05") == 0, row


def test_the_header_no_longer_says_from_memory_and_unconfirmed_rows_are_marked():
    text = LPR_FILE.read_text(encoding="utf-8")
    assert "from memory" not in text
    unconfirmed = [r for r in read_lpr_table() if r.status == "U"]
    assert all("not confirmed" in r.source or "only" in r.source for r in unconfirmed)


def test_the_table_reaches_the_demo_period_and_keeps_the_known_changes():
    """The demo data runs to 2026-10: the table covers at least mid-2026, and the rates on the
    days the LPR changed are those of the reports (the values the old change-only table held)."""
    lpr = dict(read_lpr())
    assert max(lpr) >= datetime.date(2026, 7, 20)
    changes = {
        datetime.date(2019, 8, 20): "4.25",
        datetime.date(2019, 9, 20): "4.20",
        datetime.date(2019, 11, 20): "4.15",
        datetime.date(2020, 2, 20): "4.05",
        datetime.date(2020, 4, 20): "3.85",
        datetime.date(2021, 12, 20): "3.80",
        datetime.date(2022, 1, 20): "3.70",
        datetime.date(2022, 8, 22): "3.65",
        datetime.date(2023, 6, 20): "3.55",
        datetime.date(2023, 8, 21): "3.45",
        datetime.date(2024, 7, 22): "3.35",
        datetime.date(2024, 10, 21): "3.10",
        datetime.date(2025, 5, 20): "3.00",
    }
    assert {d: lpr[d] for d in changes} == {d: Decimal(r) for d, r in changes.items()}
    rates = [rate for _, rate in sorted(lpr.items())]
    assert sum(1 for a, b in zip(rates, rates[1:], strict=False) if a != b) == len(changes) - 1


def test_monthly_rows_give_the_same_daily_rates_as_the_change_dates_alone():
    """Repeating an unchanged rate each month changes no day's LPR (what the engines join on)."""
    lpr = read_lpr()
    changes_only = [row for i, row in enumerate(lpr) if i == 0 or row[1] != lpr[i - 1][1]]
    until = datetime.date(2026, 10, 31)
    assert lpr_calendar(lpr, until) == lpr_calendar(changes_only, until)


def test_a_table_of_dates_and_rates_only_still_reads(tmp_path):
    """An office may point the engines at its own table of just date,rate (spark_engine --lpr)."""
    path = tmp_path / "lpr.csv"
    path.write_text("# own table\ndate,rate\n2019-08-20,4.25\n2019-09-20,4.20\n", encoding="utf-8")
    first, second = datetime.date(2019, 8, 20), datetime.date(2019, 9, 20)
    assert read_lpr(path) == [(first, Decimal("4.25")), (second, Decimal("4.20"))]
    assert {r.status for r in read_lpr_table(path)} == {"U"}
