"""The exchange page and API: the city's staff export each kind, download the exact bytes recorded,
and record the province's receipt (once; a rejection with its reason); everything audited and
append-only; a county's staff and the institutions see none of it."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone

from finsup.audit.models import AuditEntry
from finsup.core import clock
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.exchange import services
from finsup.exchange.models import ProvinceExport, ProvinceReceipt

from .helpers import CITY, LANSHAN, NOW, errors, half_year_filings, office_report_filing

RECEIVED = NOW + datetime.timedelta(hours=2)


@pytest.fixture
def export(world):
    half_year_filings(world)
    with clock.at(NOW):
        return services.export_create(
            by=world.city["clerk"], kind="consolidated-filings", office_code=CITY, period_label="2026H1"
        )


def test_an_export_is_recorded_with_its_hash_and_audited(world, export):
    entry = AuditEntry.objects.filter(action="export", object_type="exchange.provinceexport").get()
    assert entry.changes["sha256"] == export.sha256 == hashlib.sha256(bytes(export.content)).hexdigest()
    assert entry.changes["schema_version"] == "1" and entry.office_path == world.city["clerk"].office.path
    with pytest.raises(ValueError):
        export.save()  # append-only
    with pytest.raises(ValueError):
        export.delete()


def test_the_receipt_is_recorded_once_and_a_rejection_needs_its_reason(world, export):
    clerk = world.city["clerk"]
    with clock.at(NOW + datetime.timedelta(days=1)):
        with pytest.raises(ApplicationError) as refused:
            services.receipt_record(by=clerk, export=export, number="R-1", received_at=RECEIVED, outcome="rejected")
        assert refused.value.field == "reason"
        with pytest.raises(ApplicationError):  # before the export
            services.receipt_record(
                by=clerk, export=export, number="R-1", received_at=NOW - datetime.timedelta(hours=1), outcome="accepted"
            )
        assert not ProvinceReceipt.objects.exists()
        receipt = services.receipt_record(
            by=clerk, export=export, number="R-1", received_at=RECEIVED, outcome="rejected", reason="缺少担保公司数据"
        )
        with pytest.raises(ApplicationError) as again:
            services.receipt_record(by=clerk, export=export, number="R-2", received_at=RECEIVED, outcome="accepted")
    assert again.value.code == "receipt_already_recorded"
    assert receipt.outcome == "rejected" and ProvinceReceipt.objects.count() == 1
    entry = AuditEntry.objects.filter(object_type="exchange.provincereceipt").get()
    assert entry.changes["reason"] == "缺少担保公司数据" and entry.changes["export"] == export.filename


def test_who_may_export_and_what(world, export):
    with pytest.raises(PermissionDenied):
        services.export_create(
            by=world.city["auditor"], kind="consolidated-filings", office_code=CITY, period_label="2026H1"
        )
    with pytest.raises(PermissionDenied):  # a county's staff: not at the level that exchanges with the province
        services.export_create(
            by=world.lanshan["clerk"], kind="consolidated-filings", office_code=LANSHAN, period_label="2026H1"
        )
    with pytest.raises(ApplicationError) as bad_period:
        services.export_create(
            by=world.city["clerk"], kind="consolidated-filings", office_code=CITY, period_label="2026Q1"
        )
    assert bad_period.value.field == "period"
    filing = office_report_filing(world)
    with pytest.raises(OutOfScope):  # no such office report (an institution's filing is none either)
        services.export_create(by=world.city["clerk"], kind="office-report", submission_id=filing.pk + 999)


def test_the_page_lists_exports_with_their_receipt_state_and_downloads_the_exact_bytes(world, export, client_for):
    client = client_for(world.city["leader"])
    page = client.get("/exchange/").content.decode()
    assert export.filename in page and "待省级回执" in page and "office-report-v1.schema.json" in page
    response = client.get(f"/exchange/{export.pk}/download/")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == export.sha256
    assert export.filename in response["Content-Disposition"]
    assert errors("consolidated-filings", response.content) == []
    local = timezone.localtime(RECEIVED).strftime("%Y-%m-%dT%H:%M")
    with clock.at(NOW + datetime.timedelta(days=1)):
        answer = client.post(
            f"/exchange/{export.pk}/receipt/",
            {"number": "鲁金数〔2026〕8号", "received_at": local, "outcome": "accepted"},
        )
    assert answer.status_code == 302
    page = client.get("/exchange/").content.decode()
    assert "鲁金数〔2026〕8号" in page and "省级已接收" in page


def test_the_page_exports_an_office_report_and_refuses_bad_input_with_nothing_changed(world, client_for):
    filing = office_report_filing(world)
    client = client_for(world.city["clerk"])
    assert f'value="{filing.pk}"' in client.get("/exchange/").content.decode()
    with clock.at(NOW):
        refused = client.post(
            "/exchange/export/", {"kind": "consolidated-filings", "office": CITY, "period": "nonsense"}
        )
        assert refused.status_code == 400 and "不是半年度或年度" in refused.content.decode()
        assert not ProvinceExport.objects.exists()
        made = client.post("/exchange/export/", {"kind": "office-report", "submission": filing.pk})
    assert made.status_code == 302
    export = ProvinceExport.objects.get()
    assert export.office.code == LANSHAN and errors("office-report", bytes(export.content)) == []


def test_the_api_exports_lists_and_records_the_receipt(world, client_for):
    half_year_filings(world)
    client = client_for(world.city["lead_supervisor"])
    with clock.at(NOW):
        made = client.post(
            "/api/v1/exchange/exports",
            {"kind": "consolidated-filings", "office": LANSHAN, "period": "2026H1", "rows": False},
            content_type="application/json",
        )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["filename"] == f"{LANSHAN}_consolidated-filings_2026H1_v1.json" and body["receipt"] is None
    document = client.get(f"/api/v1/exchange/exports/{body['id']}/document")
    assert hashlib.sha256(document.content).hexdigest() == body["sha256"]
    assert errors("consolidated-filings", document.content) == []
    with clock.at(NOW + datetime.timedelta(days=1)):
        receipt = client.post(
            f"/api/v1/exchange/exports/{body['id']}/receipts",
            {"number": "R-9", "received_at": RECEIVED.isoformat(), "outcome": "accepted"},
            content_type="application/json",
        )
    assert receipt.status_code == 201, receipt.content
    listed = client.get("/api/v1/exchange/exports").json()
    assert listed["items"][0]["receipt"]["number"] == "R-9"
    # a county's staff and an institution's users: not found
    assert client_for(world.lanshan["leader"]).get("/api/v1/exchange/exports").status_code == 404
    assert client_for(world.clerk_lanshan_inst).get(f"/api/v1/exchange/exports/{body['id']}").status_code == 404


def test_the_provinces_staff_see_the_citys_exports_and_may_export_too(world, export, client_for):
    from tests import factories as f

    province_clerk = f.make_user("province_clerk", "clerk", "370000")
    client = client_for(province_clerk)
    assert export.filename in client.get("/exchange/").content.decode()
    assert client.get(f"/exchange/{export.pk}/download/").status_code == 200
    with clock.at(NOW):
        made = services.export_create(
            by=province_clerk, kind="consolidated-filings", office_code=CITY, period_label="2025"
        )
    assert made.filename == f"{CITY}_consolidated-filings_2025_v1.json" and errors(made.kind, bytes(made.content)) == []
