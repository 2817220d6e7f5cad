from finsup.institutions.models import KeyPerson
from tests import factories as f


def test_list_filters_sorts_and_paginates(world, client):
    for i in range(30):
        f.make_institution("371302", kind="guarantee", name=f"兰山担保{i:02d}有限公司")
    client.force_login(world.city["inspector"])
    page = client.get("/institutions/?kind=guarantee&county=371302&sort=name").content.decode()
    assert "共 30 条" in page
    assert page.index("兰山担保00") < page.index("兰山担保01")
    assert "兰山担保29" not in page  # 25 a page
    assert "兰山担保29" in client.get("/institutions/?kind=guarantee&county=371302&sort=name&page=2").content.decode()


def test_list_search_by_name_and_code(world, client):
    client.force_login(world.city["inspector"])
    page = client.get("/institutions/", {"q": world.inst_lanshan.credit_code}).content.decode()
    assert world.inst_lanshan.name in page and world.inst_luozhuang.name not in page


def test_htmx_request_gets_only_the_table(world, client):
    client.force_login(world.city["inspector"])
    html = client.get("/institutions/?kind=microloan", HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in html and "<html" not in html


def test_bad_filter_value_is_an_error_not_a_crash(world, client):
    client.force_login(world.city["inspector"])
    response = client.get("/institutions/?county=999999&sort=bogus")
    assert response.status_code == 200


def test_detail_masks_personal_data(world, client):
    number = f.id_number()
    KeyPerson.objects.create(
        institution=world.inst_lanshan,
        name="赵六",
        position="director",
        id_number=number,
        phone="13905390000",
        id_number_hash="h",
    )
    client.force_login(world.lanshan["inspector"])
    html = client.get(f"/institutions/{world.inst_lanshan.pk}/?tab=people").content.decode()
    assert "赵六" in html and number not in html and "13905390000" not in html
    assert number[:6] + "********" + number[-4:] in html


def test_edit_form_never_shows_stored_id_number(world, client):
    number = f.id_number()
    person = KeyPerson.objects.create(
        institution=world.inst_lanshan, name="赵六", position="director", id_number=number, id_number_hash="h"
    )
    client.force_login(world.lanshan["clerk"])
    url = f"/institutions/{world.inst_lanshan.pk}/people/{person.pk}/"
    assert number not in client.get(url).content.decode()
    response = client.post(
        url, {"name": "赵六", "position": "chairman", "id_number": "", "approval_status": "approved"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == number and person.position == "chairman"
