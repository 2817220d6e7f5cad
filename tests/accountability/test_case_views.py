"""The case pages: a leader opens a case from a record, sends it, the body answers; bad input is
refused in Chinese and changes nothing."""

import pytest

from finsup.accountability.choices import EventKind, TransferStatus
from finsup.accountability.models import AccountabilityCase, CaseEvent, CaseTransfer
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def discipline(world):
    return f.make_user("jiwei_view", "oversight", "371300", oversight_body="discipline")


def _open_by_form(client, world):
    source = f"institutions.institution:{world.inst_lanshan.pk}"
    page = client.get(f"/accountability/cases/new/?source={source}&item=8")
    assert page.status_code == 200
    assert world.inst_lanshan.name in page.content.decode()
    response = client.post(
        f"/accountability/cases/new/?source={source}",
        {
            "subject_kind": "staff",
            "subject_user": world.lanshan["lead_supervisor"].pk,
            "title": "未按月检查",
            "allegation": "连续两月未开展现场检查",
            "items": ["8"],
            "sources": [source],
        },
    )
    assert response.status_code == 302
    return AccountabilityCase.objects.get()


def test_the_whole_walk_through_the_pages(world, discipline, client):
    client.force_login(world.city["leader"])
    case = _open_by_form(client, world)
    assert case.links.get().object_id == world.inst_lanshan.pk
    url = f"/accountability/cases/{case.pk}/"
    assert client.post(url + "steps/", {"step_kind": "investigation", "text": "调阅台账"}).status_code == 302
    assert client.post(url + "transfers/", {"to_body": "discipline", "reason": "移送纪委"}).status_code == 302

    client.force_login(discipline)
    page = client.get(url).content.decode()
    assert "移送纪委" in page and 'value="accept"' in page
    assert client.post(url + "transfers/answer/", {"answer": "accept", "text": "已接收"}).status_code == 302
    refused = client.post(url + "transfers/answer/", {"answer": "return", "text": ""})
    assert refused.status_code == 400 and "请填写退回理由" in refused.content.decode()
    assert client.post(url + "transfers/answer/", {"answer": "return", "text": "不属于本机关管辖"}).status_code == 302

    client.force_login(world.city["leader"])
    page = client.get(url).content.decode()
    assert "不属于本机关管辖" in page and "移送纪委" in page  # the returned transfer stays in view
    assert CaseTransfer.objects.get(case=case).status == TransferStatus.RETURNED
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [
        EventKind.OPENED,
        EventKind.LINK,
        EventKind.STEP,
        EventKind.SENT,
        EventKind.ACCEPTED,
        EventKind.RETURNED,
    ]


def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, client):
    client.force_login(world.city["leader"])
    response = client.post(
        "/accountability/cases/new/",
        {
            "subject_kind": "office",
            "subject_office": world.city["leader"].office.pk,
            "title": "t",
            "allegation": "a",
            "items": ["8"],
        },
    )
    assert response.status_code == 400
    assert "请选择下级金融办" in response.content.decode() or "选择一个有效的选项" in response.content.decode()
    assert not AccountabilityCase.objects.exists()


def test_a_body_not_sent_the_case_cannot_open_it(world, client):
    police = f.make_user("gongan_view", "oversight", "371300", oversight_body="police")
    client.force_login(world.city["leader"])
    case = _open_by_form(client, world)
    client.force_login(police)
    assert client.get(f"/accountability/cases/{case.pk}/").status_code == 404
    assert client.get("/audit/").status_code == 404  # only the discipline commission reads the trail
    assert client.get("/dashboard/").status_code == 302
