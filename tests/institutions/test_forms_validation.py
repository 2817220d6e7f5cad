"""Bad input gets a clear Chinese error and changes nothing."""

import pytest

from finsup.audit.models import AuditEntry
from finsup.institutions.models import Institution, KeyPerson
from tests import factories as f


def _valid_form(county="371302"):
    return {
        "credit_code": f.credit_code(),
        "name": "临沂市兰山区测试小额贷款有限公司",
        "kind": "microloan",
        "county": f.office(county).pk,
        "registered_capital": "200000000",
        "paid_in_capital": "200000000",
        "established_on": "2016-05-01",
        "approved_on": "2016-04-01",
        "approval_doc_no": "鲁金办字〔2016〕8号",
    }


@pytest.fixture
def clerk(world, client):
    client.force_login(world.lanshan["clerk"])
    return client


def _post_rejected(client, url, data):
    before = (Institution.objects.count(), KeyPerson.objects.count(), AuditEntry.objects.count())
    response = client.post(url, data)
    assert response.status_code == 200, "a rejected form is shown again, not redirected"
    assert (Institution.objects.count(), KeyPerson.objects.count(), AuditEntry.objects.count()) == before
    return response.content.decode()


def test_valid_institution_is_created_and_audited(clerk):
    response = clerk.post("/institutions/new/", _valid_form())
    assert response.status_code == 302
    inst = Institution.objects.get(name="临沂市兰山区测试小额贷款有限公司")
    entry = AuditEntry.objects.filter(object_type="institutions.institution", object_id=str(inst.pk)).get()
    assert entry.action == "create" and entry.actor.username == "lanshan_clerk"
    assert inst.status_changes.count() == 1


def test_wrong_credit_code_check_character(clerk):
    data = _valid_form()
    code = data["credit_code"]
    data["credit_code"] = code[:-1] + ("0" if code[-1] != "0" else "1")
    html = _post_rejected(clerk, "/institutions/new/", data)
    assert "统一社会信用代码" in html and "校验" in html


def test_malformed_credit_code(clerk):
    html = _post_rejected(clerk, "/institutions/new/", {**_valid_form(), "credit_code": "12345"})
    assert "不是有效的统一社会信用代码" in html


def test_negative_capital(clerk):
    html = _post_rejected(clerk, "/institutions/new/", {**_valid_form(), "registered_capital": "-1"})
    assert "大于或等于0" in html.replace(" ", "")


def test_paid_in_above_registered(clerk):
    html = _post_rejected(clerk, "/institutions/new/", {**_valid_form(), "paid_in_capital": "300000000"})
    assert "实缴资本不能超过注册资本" in html


def test_county_outside_jurisdiction_is_not_offered(clerk):
    html = _post_rejected(clerk, "/institutions/new/", _valid_form(county="371311"))
    assert "选择一个有效的选项" in html


def test_wrong_id_number_check_digit(clerk, world):
    number = f.id_number()
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    url = f"/institutions/{world.inst_lanshan.pk}/people/new/"
    html = _post_rejected(
        clerk, url, {"name": "李四", "position": "chairman", "id_number": bad, "approval_status": "pending"}
    )
    assert "身份证号码的校验位错误" in html
    assert bad not in html.split("<form", 1)[0], "the rejected number is not echoed outside the form"


def test_malformed_id_number(clerk, world):
    url = f"/institutions/{world.inst_lanshan.pk}/people/new/"
    html = _post_rejected(
        clerk, url, {"name": "李四", "position": "chairman", "id_number": "3713021980", "approval_status": "pending"}
    )
    assert "不是有效的居民身份证号码" in html


def test_stakes_above_100_percent(clerk, world):
    url = f"/institutions/{world.inst_lanshan.pk}/shareholders/new/"
    ok = {
        "name": "甲公司",
        "holder_type": "enterprise",
        "credit_code": f.credit_code(),
        "stake": "70",
        "subscribed_capital": "70000000",
    }
    assert clerk.post(url, ok).status_code == 302
    html = _post_rejected(clerk, url, {**ok, "name": "乙公司", "credit_code": f.credit_code(), "stake": "40"})
    assert "超过 100%" in html
