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


def test_a_citizen_finds_a_licensed_company_by_part_of_its_name_or_its_credit_code(db, client):
    fumin = make_institution(LANSHAN, name="临沂市兰山区富民农村小额贷款股份有限公司")
    other = make_institution(LUOZHUANG, name="临沂市罗庄区华信融资担保有限公司", kind=InstitutionKind.GUARANTEE)
    revoked = make_institution(LANSHAN, name="临沂市兰山区富民投资有限公司", status=InstitutionStatus.REVOKED)
    page = client.get(reverse("portal:directory"), {"q": " 富民 "}).content.decode()
    assert fumin.name in page and other.name not in page and revoked.name not in page
    by_code = client.get(reverse("portal:directory"), {"q": other.credit_code.lower()}).content.decode()
    assert other.name in by_code and fumin.name not in by_code


def test_a_name_not_found_says_what_the_list_leaves_out_and_where_to_report(db, client):
    make_institution(LANSHAN)
    response = client.get(reverse("portal:directory"), {"q": "鑫盛财富"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "未找到名称含“鑫盛财富”的持牌机构" in page and reverse("portal:complaint_new") in page
    assert "<html" not in page
