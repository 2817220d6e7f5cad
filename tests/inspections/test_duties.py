"""The frequency duties of the source, with a controlled date (as_of)."""

import datetime

from finsup.inspections.choices import InspectionKind
from finsup.inspections.duties import Duty, DutyStatus, duties_as_of, duty_board, duty_rollup, period_of
from finsup.institutions.choices import InstitutionKind
from tests import factories as f
from tests.conftest import CITY, LANSHAN

from .helpers import started_on

D = datetime.date


def _rows(actor, as_of, institution):
    return {r.duty: r for r in duties_as_of(actor=actor, as_of=as_of) if r.institution == institution}


def test_periods():
    assert period_of("month", D(2025, 12, 15)) == period_of("month", D(2025, 12, 1))
    assert period_of("month", D(2025, 12, 15)).end == D(2025, 12, 31)
    assert (period_of("quarter", D(2025, 5, 9)).start, period_of("quarter", D(2025, 5, 9)).end) == (
        D(2025, 4, 1),
        D(2025, 6, 30),
    )
    assert period_of("quarter", D(2025, 11, 1)).end == D(2025, 12, 31)
    assert period_of("year", D(2025, 2, 1)).end == D(2025, 12, 31)


def test_private_capital_manager_city_yearly_and_county_monthly(world):
    pc = f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL, name="兰山民间资本管理公司")
    city_user = world.city["leader"]
    rows = _rows(city_user, D(2025, 6, 15), pc)
    assert rows[Duty.PC_COUNTY_MONTHLY].status == DutyStatus.OVERDUE  # May missed, nothing in June
    assert rows[Duty.PC_COUNTY_MONTHLY].due_on == D(2025, 5, 31)
    assert rows[Duty.PC_CITY_YEARLY].status == DutyStatus.OVERDUE  # 2024 missed

    county_visit = started_on(world.lanshan, pc, D(2025, 5, 10))
    rows = _rows(city_user, D(2025, 6, 15), pc)
    monthly = rows[Duty.PC_COUNTY_MONTHLY]
    assert (monthly.status, monthly.due_on, monthly.last_inspection) == (DutyStatus.DUE, D(2025, 6, 30), county_visit)
    assert monthly.holder.code == LANSHAN
    assert rows[Duty.PC_CITY_YEARLY].status == DutyStatus.OVERDUE  # a county visit is not the city's

    started_on(world.lanshan, pc, D(2025, 6, 3))
    city_visit = started_on(world.city, pc, D(2025, 3, 1))
    rows = _rows(city_user, D(2025, 6, 15), pc)
    assert rows[Duty.PC_COUNTY_MONTHLY].status == DutyStatus.OK and rows[Duty.PC_COUNTY_MONTHLY].due_on == D(
        2025, 7, 31
    )
    yearly = rows[Duty.PC_CITY_YEARLY]
    assert (yearly.status, yearly.due_on, yearly.last_inspection) == (DutyStatus.OK, D(2026, 12, 31), city_visit)
    assert yearly.holder.code == CITY
    # An inspection after the as-of date does not count yet.
    assert _rows(city_user, D(2025, 2, 28), pc)[Duty.PC_CITY_YEARLY].status == DutyStatus.OVERDUE


def test_lending_registry_city_every_quarter(world):
    registry = f.make_institution(LANSHAN, kind=InstitutionKind.LENDING_REGISTRY, name="兰山民间融资登记服务公司")
    started_on(world.city, registry, D(2025, 4, 2))
    assert _rows(world.city["leader"], D(2025, 5, 1), registry)[Duty.LR_CITY_QUARTERLY].status == DutyStatus.OK
    assert _rows(world.city["leader"], D(2025, 7, 1), registry)[Duty.LR_CITY_QUARTERLY].status == DutyStatus.DUE
    overdue = _rows(world.city["leader"], D(2025, 10, 1), registry)[Duty.LR_CITY_QUARTERLY]
    assert (overdue.status, overdue.due_on) == (DutyStatus.OVERDUE, D(2025, 9, 30))
    assert set(_rows(world.city["leader"], D(2025, 10, 1), registry)) == {Duty.LR_CITY_QUARTERLY}


def test_microloan_annual_audit_of_companies_approved_before_1_january(world):
    old = world.inst_lanshan  # approved 2015
    new = f.make_institution(LANSHAN, approved_on=D(2025, 2, 1), established_on=D(2025, 2, 1))
    assert Duty.ML_ANNUAL_AUDIT not in _rows(world.city["leader"], D(2025, 6, 1), new)
    assert _rows(world.city["leader"], D(2026, 1, 5), new)[Duty.ML_ANNUAL_AUDIT].status == DutyStatus.DUE

    started_on(world.lanshan, old, D(2025, 3, 3), kind=InspectionKind.THEMATIC)
    audit = _rows(world.city["leader"], D(2025, 6, 1), old)[Duty.ML_ANNUAL_AUDIT]
    assert audit.status == DutyStatus.OVERDUE and audit.due_on == D(2024, 12, 31)  # a thematic one is no audit
    started_on(world.lanshan, old, D(2025, 4, 7), kind=InspectionKind.ANNUAL_AUDIT)
    audit = _rows(world.city["leader"], D(2025, 6, 1), old)[Duty.ML_ANNUAL_AUDIT]
    assert (audit.status, audit.due_on, audit.holder.code) == (DutyStatus.OK, D(2026, 12, 31), LANSHAN)
    assert _rows(world.city["leader"], D(2026, 2, 1), old)[Duty.ML_ANNUAL_AUDIT].status == DutyStatus.DUE


def test_boards_per_office_and_the_citys_roll_up(world):
    pc_lanshan = f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL)
    f.make_institution("371311", kind=InstitutionKind.PRIVATE_CAPITAL)
    started_on(world.lanshan, pc_lanshan, D(2025, 6, 2))
    as_of = D(2025, 6, 15)

    lanshan_board = duty_board(actor=world.lanshan["lead_supervisor"], as_of=as_of, office=f.office(LANSHAN))
    assert {r.institution for r in lanshan_board} == {world.inst_lanshan, pc_lanshan}
    assert all(r.holder.code == LANSHAN for r in lanshan_board)
    assert [r.status for r in lanshan_board] == sorted(
        (r.status for r in lanshan_board), key=["overdue", "due", "ok"].index
    )

    # A county user sees nothing of another county, whatever office is asked for.
    assert duty_board(actor=world.lanshan["lead_supervisor"], as_of=as_of, office=f.office("371311")) == []
    city_board = duty_board(actor=world.city["leader"], as_of=as_of, office=f.office(CITY))
    assert {r.duty for r in city_board} == {Duty.PC_CITY_YEARLY}

    rollup = {c.county.code: c for c in duty_rollup(actor=world.city["leader"], as_of=as_of)}
    assert rollup[LANSHAN].counts[Duty.PC_COUNTY_MONTHLY][DutyStatus.OK] == 1
    assert rollup["371311"].counts[Duty.PC_COUNTY_MONTHLY][DutyStatus.OVERDUE] == 1
    assert rollup[LANSHAN].overdue == 1  # the microloan company's annual audit
    assert {c.county.code for c in duty_rollup(actor=world.lanshan["leader"], as_of=as_of)} == {LANSHAN}


def test_the_period_shown_is_the_one_the_due_date_closes(world):
    """The board once showed the current year beside last year's due date for an overdue duty."""
    pc = f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL, name="兰山民间资本管理公司")
    yearly = _rows(world.city["leader"], D(2026, 3, 10), pc)[Duty.PC_CITY_YEARLY]
    assert yearly.status == DutyStatus.OVERDUE
    assert (yearly.period.start, yearly.period.end, yearly.due_on) == (D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31))
    started_on(world.city, pc, D(2026, 2, 1))
    kept = _rows(world.city["leader"], D(2026, 3, 10), pc)[Duty.PC_CITY_YEARLY]
    assert (kept.status, kept.period.start, kept.due_on) == (DutyStatus.OK, D(2027, 1, 1), D(2027, 12, 31))
    for row in duties_as_of(actor=world.city["leader"], as_of=D(2026, 3, 10)):
        assert row.period.contains(row.due_on) and row.due_on == row.period.end


def test_the_board_page_shows_the_owed_period_beside_its_due_date(world, client_for):
    f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL, name="兰山民间资本管理公司")
    client = client_for(world.city["leader"])
    html = client.get("/inspections/duties/?as_of=2026-03-10").content.decode()
    row = html[html.index("兰山民间资本管理公司") :]
    row = row[: row.index("</tr>")]
    assert "2025-01-01 – 2025-12-31" in row and ">2025-12-31</td>" in row
    assert "2026-01-01" not in row
    assert "应检期间" in html and "报告期" not in html
    # The city's roll-up counts by the statuses' own words (its "due" column read 截止日期, a date).
    rollup = html[html.index('id="rollup"') :]
    assert "待检查" in rollup and "已逾期" in rollup and "截止日期" not in rollup


def test_years_of_inspections_add_nothing_but_the_last_one_is_still_shown(world):
    """Only the periods judged (from 1 January of the previous year) and, before them, the last
    inspection of each kind and level are read: the last inspection shown is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pc = f.make_institution(LANSHAN, kind=InstitutionKind.PRIVATE_CAPITAL, name="兰山民间资本管理公司")
    city_user = world.city["leader"]
    as_of = D(2026, 6, 15)
    for year in (2019, 2020):
        started_on(world.lanshan, pc, D(year, 3, 1))
    latest_old = started_on(world.lanshan, pc, D(2021, 5, 10))
    rows = _rows(city_user, as_of, pc)
    assert rows[Duty.PC_COUNTY_MONTHLY].last_inspection == latest_old
    assert rows[Duty.PC_COUNTY_MONTHLY].status == DutyStatus.OVERDUE
    assert rows[Duty.PC_CITY_YEARLY].last_inspection is None  # a county visit is not the city's

    recent = started_on(world.lanshan, pc, D(2026, 6, 2))
    with CaptureQueriesContext(connection) as queries:
        rows = _rows(city_user, as_of, pc)
    assert rows[Duty.PC_COUNTY_MONTHLY].last_inspection == recent
    assert rows[Duty.PC_COUNTY_MONTHLY].status == DutyStatus.OK
    read = [q["sql"] for q in queries if "inspections_inspection" in q["sql"]]
    assert len(read) == 2, read  # the periods judged, and the last one before them per kind and level
