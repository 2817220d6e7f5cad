"""The trail as people read it (finsup.audit.presentation): record types and fields by their names,
choices by their labels, related records by their names, never an identifier."""

import re

import pytest
from django.utils import translation

from finsup.audit.choices import AuditAction
from finsup.audit.models import AuditEntry
from finsup.audit.presentation import readable
from finsup.audit.services import audit_record

IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z]+\b")


@pytest.fixture
def entries(world):
    inst = world.inst_lanshan
    lead = world.lanshan["lead_supervisor"]
    lead.display_name = "左秀兰"
    lead.save(update_fields=["display_name"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=inst,
        changes={
            "status": ["operating", "suspended"],
            "lead_supervisor": [None, str(lead.pk)],
            "paid_in_capital": ["150000000.00", "160000000.00"],
            "online_lending": [False, True],
            "created_at": [None, "2026-03-31T16:30:00+00:00"],
            "note": [None, "复核"],
        },
    )
    audit_record(action=AuditAction.EXPORT, object_type="reporting.summary", changes={"values": [None, {"a": 1}]})
    return inst, lead


def lines_of(entry):
    return {line.name: (line.old, line.new) for line in entry.lines}


def test_fields_choices_and_related_records_by_their_names(entries):
    inst, lead = entries
    with translation.override("zh-hans"):
        entry = readable(AuditEntry.objects.filter(object_type="institutions.institution").order_by("-seq")[:1])[0]
        lines = lines_of(entry)
        assert entry.type_name == "机构" or "institutions" not in entry.type_name
        assert lines["状态"] == ("营业", "停业整顿") or all("_" not in v for v in lines["状态"])
        assert lines["主监管员"] == (None, "左秀兰")
        assert lines["实缴资本（元）"] == ("150,000,000", "160,000,000")
        assert lines["备注"] == (None, "复核")
        assert lines["创建时间"] == (None, "2026-04-01 00:30")  # local time (Asia/Shanghai)
        text = " ".join(f"{k} {v}" for k, v in lines.items())
        assert not IDENTIFIER.search(text), text


def test_a_record_type_that_is_no_model_is_named_by_its_app(entries):
    with translation.override("zh-hans"):
        entry = readable(AuditEntry.objects.filter(object_type="reporting.summary"))[0]
        assert entry.type_name == "汇总导出"
        assert lines_of(entry) == {"报表数据": (None, "1 项数据（见报表页面）")}
        assert readable([AuditEntry(object_type="gone.thing", changes={})])[0].type_name == "其他记录"


def test_related_records_of_a_page_are_named_with_one_query_per_model(entries, django_assert_num_queries):
    page = list(AuditEntry.objects.all())
    with django_assert_num_queries(1):  # the users named by the entries, in one query
        readable(page)


def test_the_trail_page_names_everything_and_filters_by_a_list_of_types(entries, client, world):
    client.force_login(world.city["leader"])
    page = client.get("/audit/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "institutions.institution" not in visible and "lead_supervisor" not in visible
    assert '<select name="object_type"' in page and ">汇总导出</option>" in page
    filtered = client.get("/audit/", {"object_type": "reporting.summary"}).content.decode()
    assert "汇总导出" in filtered and "停业整顿" not in filtered
    assert "选择一个有效的选项" in client.get("/audit/", {"object_type": "nope"}).content.decode()


def test_the_institution_history_reads_the_same(entries, client, world):
    inst, lead = entries
    client.force_login(world.lanshan["lead_supervisor"])
    page = client.get(f"/institutions/{inst.pk}/", {"tab": "history"}).content.decode()
    assert "主监管员" in page and "左秀兰" in page and "lead_supervisor:" not in page and "→ 4<" not in page


def test_an_app_reads_its_own_keys_for_its_own_record_type(db):
    audit_record(
        action=AuditAction.CREATE, object_type="accountability.accountabilitycase", changes={"items": [None, [1, 2]]}
    )
    with translation.override("zh-hans"):
        entry = readable(AuditEntry.objects.filter(object_type="accountability.accountabilitycase"))[0]
        (line,) = entry.lines
        assert line.name == "责任清单事项" and line.new.startswith("① 研究分析金融形势") and "；② " in line.new
