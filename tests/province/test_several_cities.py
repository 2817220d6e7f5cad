"""The province's view spans every city under it; each city sees only its own (issue 18: the demo
has one city, the design allows several). A second city with a county and an institution."""

import pytest

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.models import Office
from finsup.incidents.selectors import incident_list
from finsup.inspections.choices import MeasureKind
from finsup.inspections.selectors import measures_awaiting_province
from finsup.institutions.selectors import institution_scope
from finsup.ratings.selectors import cycles_awaiting_province
from tests import factories as f
from tests.incidents.factories import report_incident
from tests.ratings.helpers import full_marks, run_cycle

from .helpers import requested


@pytest.fixture
def jinan(db):
    """济南市 (370100) with 历下区 (370102), one user per role in each, and a microloan company."""
    province = Office.objects.get(code="370000")
    city = Office.objects.create(
        code="370100", name="济南市地方金融监督管理局", short_name="济南市", level=OfficeLevel.CITY, parent=province
    )
    Office.objects.create(
        code="370102", name="历下区金融工作办公室", short_name="历下区", level=OfficeLevel.COUNTY, parent=city
    )
    city_users, county_users = f.all_roles_in("370100", "jinan"), f.all_roles_in("370102", "lixia")
    institution = f.make_institution("370102")
    return city_users, county_users, institution


def test_the_province_sees_both_cities_and_each_city_only_its_own(world, province, jinan):
    jinan_city, lixia, jinan_inst = jinan
    leader = province["leader"]
    linyi_inst = world.inst_lanshan
    assert {linyi_inst, jinan_inst} <= set(institution_scope(actor=leader))
    assert jinan_inst not in set(institution_scope(actor=world.city["leader"]))
    assert linyi_inst not in set(institution_scope(actor=jinan_city["leader"]))
    assert set(institution_scope(actor=lixia["leader"])) == {jinan_inst}

    # Incidents of both cities reach the province; each city reads its own.
    linyi_incident = report_incident(world.clerk_lanshan_inst)
    jinan_user = f.make_user("jinan_inst", "institution", institution=jinan_inst)
    jinan_incident = report_incident(jinan_user)
    assert {linyi_incident, jinan_incident} <= set(incident_list(actor=leader))
    assert jinan_incident not in set(incident_list(actor=world.city["leader"]))
    assert linyi_incident not in set(incident_list(actor=jinan_city["leader"]))

    # Each city's request waits for the province, which sees both; a city sees its own only.
    linyi_request = requested(world.city["leader"], linyi_inst, kind=MeasureKind.RATING_V2)
    jinan_request = requested(jinan_city["leader"], jinan_inst, kind=MeasureKind.RATING_V2)
    assert set(measures_awaiting_province(actor=leader)) == {linyi_request, jinan_request}
    assert set(measures_awaiting_province(actor=world.city["leader"])) == {linyi_request}
    assert set(measures_awaiting_province(actor=jinan_city["leader"])) == {jinan_request}

    # Each city runs its own rating cycle; the province has both to decide.
    from finsup.ratings import services

    linyi = run_cycle(world, year=2025, kind="microloan", institutions=[linyi_inst, world.inst_luozhuang])
    jinan_leader = jinan_city["leader"]
    cycle = services.cycle_create(by=jinan_leader, year=2025, kind="microloan", sample_size=0, seed=3)
    services.rating_initial(
        cycle=cycle, institution=jinan_inst, by=lixia["lead_supervisor"], scores=full_marks(cycle.scheme)
    )
    services.cycle_draw_sample(cycle=cycle, by=jinan_leader)
    cycle.refresh_from_db()
    cycles = [linyi, services.cycle_finalise(cycle=cycle, by=jinan_leader, reason="市级复评完成。")]
    assert set(cycles_awaiting_province(actor=leader)) == set(cycles)
    assert set(cycles_awaiting_province(actor=world.city["leader"])) == {cycles[0]}
    assert set(cycles_awaiting_province(actor=jinan_city["leader"])) == {cycles[1]}


def test_the_province_pages_list_both_cities(world, province, jinan, client):
    jinan_city, _lixia, jinan_inst = jinan
    requested(world.city["leader"], world.inst_lanshan, kind=MeasureKind.RATING_V2)
    requested(jinan_city["leader"], jinan_inst, kind=MeasureKind.RATING_V2)
    client.force_login(province["leader"])
    page = client.get("/supervision/measures/province/").content.decode()
    assert world.inst_lanshan.name in page and jinan_inst.name in page
    client.force_login(jinan_city["clerk"])
    page = client.get("/supervision/measures/province/").content.decode()
    assert jinan_inst.name in page and world.inst_lanshan.name not in page
