"""The relation pages: ownership declared on the relation view (a bad credit code refused in
Chinese, nothing stored; a good one stored, audited and in the graph at once), the city's list."""

import pytest

from finsup.accounts.choices import Role
from finsup.audit.models import AuditEntry
from finsup.graph.models import DeclaredHolding, Link
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "held_name": "临沂恒远控股有限公司",
        "held_credit_code": f.credit_code(),
        "holder_name": "周恒远",
        "holder_type": "person",
        "holder_credit_code": "",
        "holder_id_number": f.id_number(),
        "stake": "70",
        "concert_group": "",
        "declared_on": "2026-06-30",
    }
    return data | changes


def test_a_bad_declaration_is_refused_in_chinese_and_changes_nothing(client):
    clerk = f.make_user("v_clerk", Role.CLERK, "371302")
    inst = f.make_institution("371302")
    client.force_login(clerk)
    response = client.post(f"/relations/institutions/{inst.pk}/declared/new/", _form(held_credit_code="91370000XXXX"))
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()
    assert not DeclaredHolding.objects.exists() and not Link.objects.filter(origin="declared").exists()


def test_a_declaration_is_stored_audited_and_in_the_graph(client):
    clerk = f.make_user("v_clerk", Role.CLERK, "371302")
    inst = f.make_institution("371302")
    client.force_login(clerk)
    response = client.post(f"/relations/institutions/{inst.pk}/declared/new/", _form())
    assert response.status_code == 302 and response["Location"] == f"/relations/institutions/{inst.pk}/"
    holding = DeclaredHolding.objects.get()
    assert AuditEntry.objects.filter(object_type="graph.declaredholding", object_id=str(holding.pk)).exists()
    link = Link.objects.get(institution=inst, origin="declared")
    assert (link.src.name, link.dst.name, link.stake) == ("周恒远", "临沂恒远控股有限公司", 70)
    page = client.get(f"/relations/institutions/{inst.pk}/").content.decode()
    assert "临沂恒远控股有限公司" in page and holding.holder_id_number not in page  # the ID number never shown
    client.post(f"/relations/institutions/{inst.pk}/declared/{holding.pk}/delete/")
    assert not DeclaredHolding.objects.exists() and not Link.objects.filter(origin="declared").exists()


def test_the_city_list_answers_with_nothing_found(client):
    client.force_login(f.make_user("v_sup", Role.LEAD_SUPERVISOR, "371300"))
    response = client.get("/relations/")
    assert response.status_code == 200 and "未发现" in response.content.decode()
