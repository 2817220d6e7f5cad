from django.urls import reverse

from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from tests.factories import make_institution

LANSHAN, LUOZHUANG = "371302", "371311"


def test_directory_lists_licensed_institutions_only(db, client):
    operating = make_institution(LANSHAN)
    suspended = make_institution(LANSHAN, status=InstitutionStatus.SUSPENDED)
    preparing = make_institution(LANSHAN, status=InstitutionStatus.PREPARING)
    revoked = make_institution(LANSHAN, status=InstitutionStatus.REVOKED)
    content = client.get(reverse("portal:directory")).content.decode()
    assert operating.name in content and operating.credit_code in content
    assert suspended.name in content
    assert preparing.name not in content
    assert revoked.name not in content


def test_directory_filters_by_county(db, client):
    lanshan = make_institution(LANSHAN)
    luozhuang = make_institution(LUOZHUANG)
    content = client.get(reverse("portal:directory"), {"county": LUOZHUANG}).content.decode()
    assert luozhuang.name in content
    assert lanshan.name not in content


def test_directory_filters_by_kind(db, client):
    microloan = make_institution(LANSHAN)
    guarantee = make_institution(LANSHAN, kind=InstitutionKind.GUARANTEE, name="临沂测试融资担保有限公司")
    content = client.get(reverse("portal:directory"), {"kind": InstitutionKind.GUARANTEE}).content.decode()
    assert guarantee.name in content
    assert microloan.name not in content


def test_htmx_filter_answers_the_results_fragment(db, client):
    inst = make_institution(LUOZHUANG)
    response = client.get(reverse("portal:directory"), {"county": LUOZHUANG}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert inst.name in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_unknown_filter_values_are_ignored(db, client):
    inst = make_institution(LANSHAN)
    response = client.get(reverse("portal:directory"), {"county": "999999", "kind": "bank", "page": "x"})
    assert response.status_code == 200
    assert inst.name in response.content.decode()


def test_directory_shows_no_private_columns(db, client):
    inst = make_institution(LANSHAN, contact_phone="0539-1234567", legal_representative="张测试")
    content = client.get(reverse("portal:directory")).content.decode()
    assert inst.name in content
    assert "0539-1234567" not in content
    assert "张测试" not in content


def test_directory_is_paginated_by_50(db, client):
    for _ in range(51):
        make_institution(LANSHAN)
    first = client.get(reverse("portal:directory"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("portal:directory"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_directory_query_count_does_not_grow_with_rows(db, client, django_assert_max_num_queries):
    for _ in range(5):
        make_institution(LANSHAN)
    # county choices, count, one page of rows
    with django_assert_max_num_queries(3):
        client.get(reverse("portal:directory"))
