from tests.reporting.channels import token_for


def test_openapi_spec_is_served(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/institutions/" in spec["paths"]


def test_anonymous_gets_401(client, db):
    assert client.get("/api/v1/institutions/").status_code == 401


def test_list_is_scoped_to_the_county(world, client):
    client.force_login(world.lanshan["inspector"])
    body = client.get("/api/v1/institutions/").json()
    assert [i["credit_code"] for i in body["items"]] == [world.inst_lanshan.credit_code]
    assert body["count"] == 1


def test_list_filters(world, client):
    client.force_login(world.city["inspector"])
    body = client.get("/api/v1/institutions/", {"county": "371311"}).json()
    assert [i["id"] for i in body["items"]] == [world.inst_luozhuang.pk]


def test_other_county_answers_404(world, client):
    client.force_login(world.lanshan["inspector"])
    assert client.get(f"/api/v1/institutions/{world.inst_luozhuang.pk}").status_code == 404
    assert client.get(f"/api/v1/institutions/{world.inst_lanshan.pk}").json()["county_code"] == "371302"


def test_institution_user_reads_only_its_own(world, client):
    client.force_login(world.clerk_lanshan_inst)
    assert client.get(f"/api/v1/institutions/{world.inst_lanshan.pk}").status_code == 200
    assert client.get(f"/api/v1/institutions/{world.inst_luozhuang.pk}").status_code == 404


def test_an_institution_token_reads_only_its_own_institution(world, client):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.clerk_lanshan_inst)}"}
    listed = client.get("/api/v1/institutions/", **auth).json()
    assert [i["id"] for i in listed["items"]] == [world.inst_lanshan.pk]
    assert client.get(f"/api/v1/institutions/{world.inst_lanshan.pk}", **auth).status_code == 200
    other = client.get(f"/api/v1/institutions/{world.inst_luozhuang.pk}", **auth)
    assert other.status_code == 404 and other.json()["code"] == "not_found"
