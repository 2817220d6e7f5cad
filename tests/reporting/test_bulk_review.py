"""Many filings accepted (the county) or confirmed (the city) at once from the filings list: all or
nothing, each through the same service step as alone, with one audit entry per filing."""

from __future__ import annotations

import datetime

from finsup.audit.models import AuditEntry
from finsup.reporting.models import Submission
from tests.monitoring.factories import make_filing


def _filings(world, n, *, status="accepted", institution=None):
    institution = institution or world.inst_lanshan
    return [
        make_filing(
            institution,
            period_end=datetime.date(2025, month, 28),
            by=world.lanshan["clerk"],
            status=status,
            report_code="ml_monthly_business",
        )
        for month in range(1, n + 1)
    ]


def _statuses(filings):
    return [Submission.objects.get(pk=s.pk).status for s in filings]


def test_the_city_confirms_the_ticked_filings_each_with_its_audit_entry(world, client):
    filings = _filings(world, 3)
    client.force_login(world.city["lead_supervisor"])
    before = AuditEntry.objects.count()
    response = client.post(
        "/filings/bulk/", {"step": "confirm", "filing": [s.pk for s in filings], "next": "?status=accepted"}
    )
    assert response.status_code == 302 and response["Location"] == "/filings/?status=accepted"
    assert _statuses(filings) == ["confirmed"] * 3
    entries = AuditEntry.objects.order_by("seq")[before:]
    assert len(entries) == 3
    assert sorted(int(e.object_id) for e in entries) == sorted(s.pk for s in filings)
    page = client.get("/filings/?status=accepted").content.decode()
    assert "已确认 3 件报送" in page


def test_one_refusal_names_the_filing_and_changes_nothing(world, client):
    filings = _filings(world, 2)
    submitted = _filings(world, 1, status="submitted", institution=world.inst_luozhuang)[0]
    client.force_login(world.city["lead_supervisor"])
    before = AuditEntry.objects.count()
    client.post("/filings/bulk/", {"step": "confirm", "filing": [filings[0].pk, submitted.pk, filings[1].pk]})
    assert _statuses(filings) == ["accepted", "accepted"] and _statuses([submitted]) == ["submitted"]
    assert AuditEntry.objects.count() == before
    page = client.get("/filings/?status=accepted").content.decode()
    assert world.inst_luozhuang.name in page and "未作任何更改" in page


def test_a_county_may_not_confirm_and_another_countys_filing_is_not_found(world, client):
    filings = _filings(world, 1)
    client.force_login(world.lanshan["lead_supervisor"])
    client.post("/filings/bulk/", {"step": "confirm", "filing": [filings[0].pk]})
    assert _statuses(filings) == ["accepted"]
    client.force_login(world.luozhuang["lead_supervisor"])
    assert client.post("/filings/bulk/", {"step": "confirm", "filing": [filings[0].pk]}).status_code == 404
    assert client.post("/filings/bulk/", {"step": "confirm", "filing": ["x"]}).status_code == 404


def test_the_county_accepts_the_ticked_filings(world, client):
    filings = _filings(world, 2, status="submitted")
    client.force_login(world.lanshan["lead_supervisor"])
    client.post("/filings/bulk/", {"step": "accept", "filing": [s.pk for s in filings]})
    assert _statuses(filings) == ["accepted", "accepted"]


def test_the_list_offers_the_step_of_the_viewers_queue(world, client):
    _filings(world, 1)
    client.force_login(world.city["lead_supervisor"])
    assert "确认所选" in client.get("/filings/?status=accepted").content.decode()
    assert "确认所选" not in client.get("/filings/?status=confirmed").content.decode()
    client.force_login(world.lanshan["inspector"])
    page = client.get("/filings/?status=accepted").content.decode()
    assert "确认所选" not in page and "受理所选" not in page


def test_nothing_ticked_is_a_clear_message(world, client):
    client.force_login(world.city["lead_supervisor"])
    client.post("/filings/bulk/", {"step": "confirm"})
    assert "请至少选择一件报送" in client.get("/filings/?status=accepted").content.decode()


def test_the_export_holds_the_filtered_filings(world, client):
    from io import BytesIO

    from openpyxl import load_workbook

    _filings(world, 2)
    _filings(world, 1, status="confirmed", institution=world.inst_luozhuang)
    client.force_login(world.city["lead_supervisor"])
    response = client.get("/filings/?status=accepted&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("机构", "所属县区", "报表")
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {world.inst_lanshan.name}
