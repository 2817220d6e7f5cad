"""The yearly summary: totals per channel, per office and of the May campaign month."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from finsup.outreach import selectors
from tests import factories as f

from .factories import event, may_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(world):
    lanshan, luozhuang, city = world.lanshan["clerk"], world.luozhuang["clerk"], world.city["clerk"]
    a = may_campaign(lanshan, year=2025)
    event(a, lanshan, channel="tv", audience=0, copies=0, views=5000)
    event(a, lanshan, channel="community", audience=300, copies=200)
    event(a, lanshan, channel="community", audience=200, copies=100)
    b = may_campaign(luozhuang, year=2025)
    event(b, luozhuang, channel="community", audience=50, copies=40)
    event(b, luozhuang, channel="web", audience=0, copies=0, views=800)
    c = may_campaign(
        city,
        year=2025,
        kind="other",
        title="金融知识普及月",
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2025, 9, 30),
    )
    event(c, city, channel="press", held_on=datetime.date(2025, 9, 5), copies=10000, audience=0)
    may_campaign(lanshan, year=2026)  # another year: not counted
    return world


def _by_key(rows):
    return {r.key: r for r in rows}


def test_the_city_summary_totals_channels_offices_and_the_may_month(year_2025):
    s = selectors.year_summary(office=f.office("371300"), year=2025)
    ch = _by_key(s.channels)
    assert (ch["community"].events, ch["community"].audience, ch["community"].copies) == (3, 550, 340)
    assert (ch["tv"].events, ch["tv"].views) == (1, 5000)
    assert (ch["web"].events, ch["web"].views) == (1, 800)
    assert (ch["press"].events, ch["press"].copies) == (1, 10000)
    assert ch["radio"].events == 0
    assert (s.total.events, s.total.audience, s.total.copies, s.total.views, s.total.campaigns) == (
        6,
        550,
        10340,
        5800,
        3,
    )
    offices = _by_key(s.offices)
    assert (offices["371302"].campaigns, offices["371302"].events, offices["371302"].audience) == (1, 3, 500)
    assert (offices["371311"].events, offices["371311"].audience, offices["371311"].views) == (2, 50, 800)
    assert (offices["371300"].events, offices["371300"].copies) == (1, 10000)
    assert all(r.events == 0 for k, r in offices.items() if k not in ("371300", "371302", "371311"))
    assert (s.may.campaigns, s.may.events, s.may.audience, s.may.copies, s.may.views) == (2, 5, 550, 340, 5800)


def test_a_county_summary_covers_only_that_county(year_2025):
    s = selectors.year_summary(office=f.office("371302"), year=2025)
    assert [r.key for r in s.offices] == ["371302"]
    assert (s.total.events, s.total.audience) == (3, 500)
    assert (s.may.campaigns, s.may.events) == (1, 3)


def test_the_summary_page_and_workbook(year_2025, client):
    client.force_login(year_2025.city["auditor"])
    page = client.get("/outreach/summary/", {"year": 2025})
    assert page.status_code == 200 and "10,340" in page.content.decode()  # grouped by thousands in zh-Hans too
    response = client.get("/outreach/summary/371300/2025.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(response.content))
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert 10340 in values and 5800 in values
    assert len(wb.worksheets) == 2 and wb.worksheets[1].max_row == 4  # header and three campaigns


def test_a_county_user_cannot_see_another_countys_summary(year_2025, client):
    client.force_login(year_2025.luozhuang["leader"])
    assert client.get("/outreach/summary/", {"office": "371302"}).status_code == 404
    assert client.get("/outreach/summary/371302/2025.xlsx").status_code == 404
    assert client.get("/outreach/summary/371300/2025.xlsx").status_code == 404
