"""The practitioner qualification's pages: the list and a practitioner's page with the ID number and
phone masked, training → passed examination → certificate through the forms, a certificate refused
in Chinese before a passed examination (nothing written), expired and revoked certificates shown as
such, an institution's own practitioners only, another county's out of reach, no identifier on screen."""

import datetime
import re

import pytest

from finsup.qualifications import services
from finsup.qualifications.models import Step
from tests import factories as f

from .helpers import certified, on, practitioner, private_capital

pytestmark = pytest.mark.django_db
D = datetime.date
SNAKE = re.compile(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<")


def _main(html: str) -> str:
    return re.sub(r"\b(lanshan|city|luozhuang)_[a-z_]+\b", "", html[html.index("<main") :])


def test_training_exam_and_certificate_through_the_forms_with_the_id_number_masked(world, client):
    clerk = world.lanshan["clerk"]
    pc = private_capital()
    id_number = f.id_number()
    client.force_login(clerk)
    with on():
        response = client.post(
            "/qualifications/register/",
            {"p-institution": pc.pk, "p-name": "王小明", "p-id_number": id_number, "p-phone": "13812345678"},
        )
        assert response.status_code == 302
        url = response["Location"]
        refused = client.post(url + "certificate/", {"certificate-on": "2026-06-15"})
        assert refused.status_code == 400 and "考试或考核合格后方可颁发资格证书" in refused.content.decode()
        assert not Step.objects.exists()
        steps = [
            (
                "training/",
                {"training-on": "2026-06-10", "training-organiser": "临沂市金融学会", "training-hours": "16"},
            ),
            ("exam/", {"exam-on": "2026-06-12", "exam-score": "86.5", "exam-pass_mark": "60"}),
            ("certificate/", {"certificate-on": "2026-06-15"}),
        ]
        for path, data in steps:
            assert client.post(url + path, data).status_code == 302, path
        page = client.get(url).content.decode()
    assert "临金从字〔2026〕第1号" in page and "2029-06-14" in page and "有效" in page
    assert id_number not in page and id_number[:6] + "********" + id_number[-4:] in page
    assert "13812345678" not in page and "138****5678" in page
    assert "86.5" in page and "16学时" in page and "合格" in page
    assert not SNAKE.search(_main(page)), SNAKE.search(_main(page))
    listing = client.get("/qualifications/").content.decode()
    assert "王小明" in listing and id_number not in listing and "临金从字〔2026〕第1号" in listing


def test_expired_and_revoked_certificates_are_shown_as_such(world, client):
    leader = world.lanshan["leader"]
    pc = private_capital(kind="lending_registry")
    old = practitioner(leader, pc, name="老证书", day=D(2022, 3, 1))
    certified(leader, old, day=D(2022, 3, 1))
    revoked = practitioner(leader, pc, name="被撤销")
    certificate = certified(leader, revoked)
    client.force_login(leader)
    with on():
        response = client.post(
            f"/qualifications/certificates/{certificate.pk}/revoke/",
            {"revoke-on": "2026-06-15", "revoke-reason": "违规收取客户费用"},
        )
        assert response.status_code == 302
        listing = client.get("/qualifications/").content.decode()
        page = client.get(revoked.get_absolute_url()).content.decode()
    assert "已过期" in listing and "已撤销" in listing
    assert "违规收取客户费用" in page and "撤销资格证书" in page


def test_who_sees_which_practitioner(world, client):
    pc = private_capital()
    person = practitioner(world.lanshan["clerk"], pc)
    other = practitioner(world.luozhuang["clerk"], private_capital("371311"), name="罗庄某")
    own_user = f.make_user("pc_user", "institution", institution=pc)
    with on():
        client.force_login(world.luozhuang["leader"])
        assert client.get(person.get_absolute_url()).status_code == 404
        assert client.post(person.get_absolute_url() + "exam/", {}).status_code == 404
        client.force_login(own_user)
        listing = client.get("/qualifications/").content.decode()
        assert "王小明" in listing and "罗庄某" not in listing
        page = client.get(person.get_absolute_url()).content.decode()
        assert "certificate/" not in page  # institutions register candidates; the office qualifies them
        assert client.get(other.get_absolute_url()).status_code == 404
        client.force_login(world.clerk_lanshan_inst)  # a microloan company's user: no practitioner of its own
        assert "王小明" not in client.get("/qualifications/").content.decode()
        client.force_login(world.city["auditor"])
        assert client.get(other.get_absolute_url()).status_code == 200


def test_an_institution_registers_its_own_candidate(world, client):
    pc = private_capital()
    own_user = f.make_user("pc_user", "institution", institution=pc)
    client.force_login(own_user)
    with on():
        page = client.get("/qualifications/").content.decode()
        assert 'id="register-form"' in page
        response = client.post(
            "/qualifications/register/",
            {"p-institution": pc.pk, "p-name": "候选人", "p-id_number": "372822198001010011"},
        )
    assert response.status_code == 400 and "身份证" in response.content.decode()
    with on():
        services.practitioner_register(by=own_user, institution=pc, name="候选人", id_number=f.id_number())


def test_the_list_pages_cost_the_same_queries_for_more_rows(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from finsup.qualifications import association_services

    clerk = world.lanshan["clerk"]
    pc = private_capital()

    def count(path):
        with on(), CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def association(n):
        with on():
            association_services.association_register(
                by=clerk, office=clerk.office, name=f"协会{n}", kind="other", members=[pc, world.inst_lanshan]
            )

    certified(clerk, practitioner(clerk, pc, name="甲"))
    association(1)
    client.force_login(clerk)
    count("/qualifications/")  # the session's first request reads more (the user, the menu's counts)
    before = (count("/qualifications/"), count("/qualifications/associations/"))
    for name in ("乙", "丙", "丁"):
        certified(clerk, practitioner(clerk, pc, name=name))
    association(2)
    association(3)
    assert (count("/qualifications/"), count("/qualifications/associations/")) == before


def test_the_staff_search_finds_a_practitioner_by_name_or_certificate_number(world, client):
    clerk = world.lanshan["clerk"]
    person = practitioner(clerk, private_capital(), name="欧阳明")
    certified(clerk, person)
    client.force_login(world.city["auditor"])
    for typed in ("欧阳", "临金从字〔2026〕第1号", "[2026]第1号"):
        assert person.get_absolute_url() in client.get("/search/", {"q": typed}).content.decode(), typed
    assert person.get_absolute_url() not in client.get("/search/", {"q": person.id_number}).content.decode()
    client.force_login(world.luozhuang["leader"])
    assert person.get_absolute_url() not in client.get("/search/", {"q": "欧阳"}).content.decode()
