"""The demo's governance assessments (demo/activity_governance.py, data/governance.toml): institutions
of every kind assessed, each grade of the checklist given, one institution assessed again after
rectification (version 2, the first kept); the institution page's tab and the list show them."""

import pytest

from finsup.accounts.models import User
from finsup.governance import selectors
from finsup.governance.models import Assessment

from .conftest import AS_OF


@pytest.fixture
def city_leader(loaded):
    return User.objects.get(username="city_leader")


def test_assessments_of_every_kind_with_every_grade_and_a_second_version(city_leader, client):
    assessments = list(Assessment.objects.select_related("institution"))
    assert {a.institution.kind for a in assessments} == {
        "microloan",
        "guarantee",
        "private_capital",
        "lending_registry",
    }
    assert {a.grade for a in assessments} == {"良好", "一般", "较差"}
    again = Assessment.objects.get(version=2)
    first = Assessment.objects.get(institution=again.institution, year=again.year, version=1)
    assert first.grade == "较差" and again.grade == "良好"
    assert selectors.latest_governance_score(again.institution, AS_OF.year).version == 2
    client.force_login(city_leader)
    listing = client.get("/governance/").content.decode()
    assert all(a.institution.name in listing for a in assessments)
    tab = client.get(f"/institutions/{again.institution.pk}/?tab=governance").content.decode()
    assert "第2版" in tab and "第1版" in tab
