"""The demo's practitioner qualification (demo/activity_qualifications.py, data/qualifications.toml):
practitioners of private capital managers and lending registration services, trained and examined
(one failed, without a certificate), certificates numbered in the order of their issue dates, one
expired and one revoked on the demo's day; the city's list shows them with the ID numbers masked."""

import datetime

import pytest

from finsup.accounts.models import User
from finsup.core import clock
from finsup.qualifications import selectors
from finsup.qualifications.models import Step

from .conftest import AS_OF


@pytest.fixture
def city_leader(loaded):
    return User.objects.get(username="city_leader")


def test_practitioners_with_a_failed_exam_an_expired_and_a_revoked_certificate(city_leader):
    rows = selectors.practitioner_rows(actor=city_leader, as_of=AS_OF)
    assert {r.practitioner.institution.kind for r in rows} == {"private_capital", "lending_registry"}
    states = sorted(str(r.state) for r in rows if r.state)
    assert states == ["expired", "revoked", "valid", "valid"]
    failed = Step.objects.get(kind="exam", passed=False)
    assert not failed.practitioner.steps.filter(kind="certificate").exists()
    certificates = list(Step.objects.filter(kind="certificate").order_by("on"))
    this_year = [c.number for c in certificates if c.on.year == AS_OF.year]
    assert this_year == [f"临金从字〔{AS_OF.year}〕第{n}号" for n in range(1, len(this_year) + 1)]


def test_the_list_shows_them_masked(city_leader, client):
    client.force_login(city_leader)
    with clock.at(datetime.datetime.combine(AS_OF, datetime.time(4), tzinfo=datetime.UTC)):
        html = client.get("/qualifications/").content.decode()
    for row in selectors.practitioner_rows(actor=city_leader, as_of=AS_OF):
        assert row.practitioner.name in html and row.practitioner.id_number not in html
        assert row.practitioner.masked_id_number in html
    person = Step.objects.get(kind="revocation").practitioner
    with clock.at(datetime.datetime.combine(AS_OF, datetime.time(4), tzinfo=datetime.UTC)):
        page = client.get(person.get_absolute_url()).content.decode()
    assert "已撤销" in page and person.id_number not in page


def test_the_association_the_city_guides_with_its_members_and_guidance(city_leader, client):
    association = selectors.association_list(actor=city_leader).get()
    members = list(selectors.association_members(association=association))
    assert members and {m.kind for m in members} == {"private_capital", "lending_registry"}
    assert sorted(r.kind for r in association.guidance.all()) == ["document", "inspection", "meeting"]
    client.force_login(city_leader)
    page = client.get(association.get_absolute_url()).content.decode()
    assert "临沂市民间融资行业协会" in page and "对协会的检查" in page and "139****1234" in page
