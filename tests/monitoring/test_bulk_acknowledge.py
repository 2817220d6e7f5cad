"""Many open warnings acknowledged at once from the list, with one note: all or nothing, each through
warning_transition (its event and one audit entry each)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.monitoring.choices import WarningLevel
from finsup.monitoring.models import RiskWarning

from .factories import make_warning


def _statuses(warnings):
    return [RiskWarning.objects.get(pk=w.pk).status for w in warnings]


def test_the_supervisor_acknowledges_the_ticked_warnings(world, client):
    warnings = [make_warning(world.inst_lanshan) for _ in range(3)]
    client.force_login(world.city["lead_supervisor"])
    before = AuditEntry.objects.count()
    response = client.post(
        "/warnings/acknowledge/", {"warning": [w.pk for w in warnings], "reason": "已电话核实", "next": "?status=open"}
    )
    assert response["Location"] == "/warnings/?status=open"
    assert _statuses(warnings) == ["acknowledged"] * 3
    assert AuditEntry.objects.count() == before + 3
    assert all(
        w.events.filter(reason="已电话核实").exists()
        for w in RiskWarning.objects.filter(pk__in=[w.pk for w in warnings])
    )


def test_a_refusal_names_the_warning_and_changes_nothing(world, client):
    open_one = make_warning(world.inst_lanshan)
    client.force_login(world.city["lead_supervisor"])
    client.post("/warnings/acknowledge/", {"warning": [open_one.pk], "reason": "先签收"})
    other = make_warning(world.inst_lanshan, title="另一条预警")
    before = AuditEntry.objects.count()
    client.post("/warnings/acknowledge/", {"warning": [other.pk, open_one.pk], "reason": "再签收"})
    assert _statuses([other]) == ["open"] and AuditEntry.objects.count() == before
    page = client.get("/warnings/").content.decode()
    assert open_one.title in page and "未作任何更改" in page
    client.post("/warnings/acknowledge/", {"warning": [other.pk], "reason": " "})
    assert _statuses([other]) == ["open"]


def test_the_bulk_form_is_offered_on_open_warnings_to_handlers_only(world, client):
    make_warning(world.inst_lanshan)
    client.force_login(world.city["lead_supervisor"])
    assert "签收所选预警" in client.get("/warnings/?status=open").content.decode()
    assert "签收所选预警" not in client.get("/warnings/").content.decode()
    client.force_login(world.city["inspector"])
    assert "签收所选预警" not in client.get("/warnings/?status=open").content.decode()


def test_another_countys_warning_is_not_found(world, client):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.luozhuang["lead_supervisor"])
    assert client.post("/warnings/acknowledge/", {"warning": [warning.pk], "reason": "x"}).status_code == 404
    assert _statuses([warning]) == ["open"]


def test_the_export_holds_the_filtered_warnings_sorted(world, client):
    make_warning(world.inst_lanshan, level=WarningLevel.SERIOUS, title="乙严重")
    make_warning(world.inst_luozhuang, level=WarningLevel.SERIOUS, title="甲严重")
    make_warning(world.inst_lanshan, level=WarningLevel.INFO, title="丙提示")
    client.force_login(world.city["inspector"])
    response = client.get("/warnings/?level=serious&sort=title&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("级别", "预警", "机构")
    assert [r[1] for r in rows[1:]] == ["甲严重", "乙严重"]  # jia before yi
