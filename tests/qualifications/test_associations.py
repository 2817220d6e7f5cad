"""Self-regulatory organisations (duty ㉖): registered by the office that guides them with members of
its jurisdiction, the office's guidance records (append-only, audited), bad input refused with
nothing written, staff of the office and above only; the pages; a work record of ㉖ links a record."""

import re

import pytest
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.qualifications import association_services as services
from finsup.qualifications import selectors
from finsup.qualifications.models import Association, GuidanceRecord

from .helpers import DAY, on, private_capital

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<")


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"), on():
        yield


def _association(world, **kw):
    leader = world.lanshan["leader"]
    return services.association_register(
        by=leader,
        office=leader.office,
        name=kw.pop("name", "兰山区民间融资行业协会"),
        kind="industry_association",
        members=kw.pop("members", [world.inst_lanshan]),
        contact_person="李会长",
        contact_phone="13912345678",
        **kw,
    )


def test_an_association_with_members_and_guidance(world):
    association = _association(world)
    assert list(selectors.association_members(association=association)) == [world.inst_lanshan]
    record = services.guidance_record(
        by=world.lanshan["clerk"],
        association=association,
        on=DAY,
        kind="meeting",
        summary="指导协会修订自律公约。",
        attendees="协会会长、秘书长",
    )
    assert list(selectors.guidance_list(actor=world.city["auditor"])) == [record]
    assert not selectors.guidance_list(actor=world.luozhuang["leader"]).exists()
    assert not selectors.association_list(actor=world.clerk_lanshan_inst).exists()
    entry = AuditEntry.objects.get(object_type="qualifications.association")
    assert "13912345678" not in str(entry.changes) and "139****5678" in str(entry.changes)
    with pytest.raises(ValueError):
        record.save()


def test_bad_input_and_other_offices_change_nothing(world):
    association = _association(world)
    entries = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        _association(world, name="罗庄协会", members=[world.inst_luozhuang])
    assert refused.value.code == "member_outside"
    with pytest.raises(ApplicationError):
        _association(world)  # the same name again
    with pytest.raises(ApplicationError) as refused:
        services.guidance_record(
            by=world.lanshan["clerk"], association=association, on=DAY, kind="meeting", summary=" "
        )
    assert "摘要" in refused.value.message
    with pytest.raises(OutOfScope):
        services.guidance_record(
            by=world.luozhuang["clerk"], association=association, on=DAY, kind="other", summary="x"
        )
    with pytest.raises(PermissionDenied):
        services.guidance_record(
            by=world.lanshan["inspector"], association=association, on=DAY, kind="other", summary="x"
        )
    assert Association.objects.count() == 1 and not GuidanceRecord.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_the_pages(world, client):
    client.force_login(world.lanshan["leader"])
    pc = private_capital()
    data = {
        "a-name": "兰山区民间融资行业协会",
        "a-kind": "industry_association",
        "a-members": [pc.pk],
        "a-contact_phone": "13912345678",
    }
    response = client.post("/qualifications/associations/register/", data)
    assert response.status_code == 302
    url = response["Location"]
    bad = client.post(url + "guidance/", {"g-on": "2026-06-15", "g-kind": "inspection", "g-summary": ""})
    assert bad.status_code == 400 and not GuidanceRecord.objects.exists()
    good = {"g-on": "2026-06-15", "g-kind": "inspection", "g-summary": "检查协会会员管理和自律检查开展情况。"}
    assert client.post(url + "guidance/", good).status_code == 302
    page = client.get(url).content.decode()
    assert pc.name in page and "对协会的检查" in page and "139****5678" in page and "13912345678" not in page
    main = re.sub(r"\b(lanshan|city|luozhuang)_[a-z_]+\b", "", page[page.index("<main") :])
    assert not SNAKE.search(main), SNAKE.search(main)
    assert "兰山区民间融资行业协会" in client.get("/qualifications/associations/").content.decode()
    client.force_login(world.luozhuang["leader"])
    assert client.get(url).status_code == 404
    client.force_login(world.clerk_lanshan_inst)
    assert client.get("/qualifications/associations/").status_code == 404


def test_a_work_record_of_item_26_links_the_guidance(world):
    from finsup.worklog import services as worklog

    record = services.guidance_record(
        by=world.lanshan["clerk"],
        association=_association(world),
        on=DAY,
        kind="document",
        summary="转发自律公约范本。",
    )
    clerk = world.lanshan["clerk"]
    work = worklog.link_record(
        by=clerk, office=clerk.office, item=26, done_on=DAY, source=f"qualifications.guidancerecord:{record.pk}"
    )
    assert work.source_label.startswith("指导记录：兰山区民间融资行业协会")
