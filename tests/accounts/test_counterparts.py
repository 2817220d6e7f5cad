"""The bodies an office addresses at its own level, by their official names."""

import pytest

from finsup.accounts.choices import OversightBody
from finsup.accounts.counterparts import body_name, place_of, police_name, superior_of
from tests import factories as f


@pytest.mark.django_db
def test_the_bodies_of_a_district_a_county_a_zone_the_city_and_the_province():
    province, city = f.office("370000"), f.office("371300")
    lanshan, yinan, zone = f.office("371302"), f.office("371321"), f.office("371371")
    assert [place_of(o) for o in (province, city, lanshan, yinan, zone)] == [
        "山东省",
        "临沂市",
        "临沂市兰山区",
        "沂南县",
        "临沂市",
    ]
    assert [police_name(o) for o in (province, city, lanshan, yinan, zone)] == [
        "山东省公安厅",
        "临沂市公安局",
        "临沂市公安局兰山分局",
        "沂南县公安局",
        "临沂市公安局",
    ]
    assert body_name(lanshan, OversightBody.DISCIPLINE) == "中共临沂市兰山区纪律检查委员会、临沂市兰山区监察委员会"
    assert body_name(yinan, OversightBody.PROCURATORATE) == "沂南县人民检察院"
    assert body_name(city, OversightBody.COURT) == "临沂市中级人民法院"
    assert body_name(province, OversightBody.LEGAL_AFFAIRS) == "山东省司法厅"
    assert body_name(zone, OversightBody.POLICE) == "临沂市公安局"
    assert (superior_of(lanshan), superior_of(city), superior_of(province)) == (city, province, None)
