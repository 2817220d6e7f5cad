"""The demo's listing reserve (demo/activity_listing.py, data/listing.toml): companies of several
counties at every stage, one listed with its stock code, a subsidy paid and the city's opinion on
it signed off and numbered, a restructuring followed; the pages show them and the yearly figures
count them."""

import pytest

from finsup.accounts.models import User
from finsup.listing import selectors
from finsup.listing.choices import Stage
from finsup.listing.models import Company, SubsidyPayment

from .conftest import AS_OF


@pytest.fixture
def city_leader(loaded):
    return User.objects.get(username="city_leader")


def test_every_stage_in_several_counties(city_leader):
    companies = selectors.companies(actor=city_leader)
    assert 8 <= companies.count() <= 12
    assert set(companies.values_list("stage", flat=True)) == set(Stage.values)
    assert companies.values("office").distinct().count() >= 3


def test_the_listed_company_has_its_subsidy_paid_its_opinion_numbered_and_a_restructuring(city_leader, client):
    listed = Company.objects.get(stage="listed")
    assert listed.stock_code and listed.listed_on < AS_OF
    assert SubsidyPayment.objects.filter(subsidy__company=listed).exists()
    page = selectors.company_page(actor=city_leader, company=listed)
    assert [d.status for d in page["opinions"]] == ["final"] and "函〔" in page["opinions"][0].number
    assert page["restructurings"] and page["paid"] > 0
    client.force_login(city_leader)
    html = client.get(f"/listing/{listed.pk}/").content.decode()
    assert listed.stock_code in html and page["opinions"][0].number in html and "万元" in html
    assert client.get("/listing/").status_code == 200


def test_the_yearly_figures_count_the_listing(city_leader, client):
    year = Company.objects.get(stage="listed").listed_on.year
    rows, total = selectors.yearly_figures(actor=city_leader, year=year, today=AS_OF)
    assert total.newly_listed == 1 and total.ipo_amount > 0 and total.subsidies_paid > 0
    client.force_login(city_leader)
    assert client.get(f"/listing/figures/?year={year}").status_code == 200
