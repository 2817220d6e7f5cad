"""Filing through the API with an institution's token: scoped, audited, refused with field errors."""

import datetime
import json

import pytest

from finsup.accounts.tokens import api_token_revoke
from finsup.audit.models import AuditEntry
from finsup.reporting import catalogue_access as cat
from finsup.reporting.models import Submission

from .channels import api_file, pc_institution, token_for
from .helpers import pc_figures


@pytest.fixture
def pc(db):
    inst, user = pc_institution("pc_api")
    return inst, user, token_for(user)


def _get(client, path, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(path, params, **headers)


def test_anonymous_and_revoked_tokens_get_401(pc, client):
    inst, user, token = pc
    assert client.get("/api/v1/filings").status_code == 401
    assert _get(client, "/api/v1/filings", "fsk_00000000_not-a-token").status_code == 401
    api_token_revoke(by=user, token=user.api_tokens.get())
    assert _get(client, "/api/v1/filings", token).status_code == 401
    assert api_file(client, token, "2026Q1", pc_figures()).status_code == 401
    assert not Submission.objects.exists()


NOW = datetime.datetime.fromisoformat("2026-04-10T09:00:00+08:00")


# The optional figures of the report (version 2) that pc_figures() leaves out: stored as null.
NOT_ENTERED = ("entrusted_assets", "placement_investors_max", "placement_investors_total", "placement_min_contribution")


def stored_yuan(figures: dict) -> dict:
    """The figures as the JSON column keeps them: money in yuan with two places, counts as integers,
    what was not entered as null."""
    entered = {k: int(v) if k.endswith("_count") else f"{int(v) * 10000}.00" for k, v in figures.items()}
    return dict.fromkeys(NOT_ENTERED) | entered


def test_filing_answers_201_and_is_audited_as_the_tokens_user(pc, client, monkeypatch):
    inst, user, token = pc
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    response = api_file(client, token, "2026Q1", {**pc_figures(), "new_investments_count": 3})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["version"], body["report_version"], body["period"]) == ("submitted", 1, 2, "2026Q1")
    assert body["values"]["registered_capital_avg"] == "100000000.00"
    assert body["institution"] == inst.credit_code
    # What the database holds, read back (not the answer built from the object in memory).
    row = Submission.objects.get()
    assert row.pk == body["id"]
    assert (row.institution, row.office.code, row.report_code, row.report_version) == (
        inst,
        "371302",
        "pc_quarterly",
        2,
    )
    assert (row.period_start, row.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert (row.version, row.supersedes, row.correction_reason, row.status) == (1, None, "", "submitted")
    assert (row.channel, row.submitted_by, row.submitted_at, row.status_changed_at) == ("api", user, NOW, NOW)
    assert row.values == stored_yuan(pc_figures())
    event = row.events.get()
    assert (event.action, event.from_status, event.to_status, event.by, event.at) == (
        "submit",
        "",
        "submitted",
        user,
        NOW,
    )
    entry = AuditEntry.objects.filter(object_type="reporting.submission", action="create").get()
    assert (entry.actor_id, entry.channel, entry.object_id) == (user.pk, "api", str(row.pk))
    assert entry.changes == {"version": [None, 1], "channel": [None, "api"], "values": [None, row.values]}
    assert _get(client, f"/api/v1/filings/{body['id']}", token).json()["id"] == body["id"]


def test_a_rejected_filing_answers_422_with_field_errors_and_stores_nothing(pc, client):
    inst, user, token = pc
    before = AuditEntry.objects.count()
    response = api_file(client, token, "2026Q1", pc_figures(investment_total="abc", agri_small_investment=-1))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "filing_rejected"
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert "不得小于 0" in fields["agri_small_investment"] and "不是有效的数字" in fields["investment_total"]
    assert not Submission.objects.exists()
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.actor_id, entry.channel) == ("rejected", user.pk, "api")


def test_bad_requests_answer_4xx(pc, client):
    inst, user, token = pc
    assert api_file(client, token, "2026Q1", pc_figures(), report="ml_monthly_business").status_code == 400
    assert api_file(client, token, "2026-03", pc_figures()).status_code == 400
    assert api_file(client, token, "2099Q1", pc_figures()).status_code == 400
    assert api_file(client, token, "2026Q1", {"investment_total": 1e400}).status_code == 422
    assert api_file(client, token, "2026Q1", {"investment_total": "\x00"}).status_code == 422
    response = client.post(
        "/api/v1/filings", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert _get(client, f"/api/v1/filings/{2**70}", token).status_code == 404


def test_a_second_filing_needs_a_correction_reason(pc, client):
    inst, user, token = pc
    assert api_file(client, token, "2026Q1", pc_figures()).status_code == 201
    response = api_file(client, token, "2026Q1", pc_figures())
    assert response.status_code == 400 and response.json()["field"] == "correction_reason"
    assert Submission.objects.count() == 1  # the refused correction stored nothing
    response = api_file(client, token, "2026Q1", pc_figures(investment_total="9500"), correction_reason=" 更正 ")
    assert response.status_code == 201 and response.json()["version"] == 2
    first, second = Submission.objects.order_by("version")
    assert (first.version, first.status, first.values["investment_total"]) == (1, "superseded", "90000000.00")
    assert (second.version, second.status, second.supersedes, second.correction_reason) == (
        2,
        "submitted",
        first,
        "更正",
    )
    assert second.values == stored_yuan(pc_figures(investment_total="9500"))
    assert list(second.events.values_list("action", "reason")) == [("correct", "更正")]
    entries = AuditEntry.objects.filter(object_type="reporting.submission", object_id=str(second.pk))
    assert [(e.action, e.changes["version"]) for e in entries] == [("create", [None, 2])]


def test_a_token_reads_only_its_institutions_filings(pc, client):
    inst, user, token = pc
    other_inst, other_user = pc_institution("pc_other")
    other = api_file(client, token_for(other_user), "2026Q1", pc_figures()).json()
    own = api_file(client, token, "2026Q1", pc_figures()).json()
    assert _get(client, f"/api/v1/filings/{other['id']}", token).status_code == 404
    listed = _get(client, "/api/v1/filings", token).json()
    assert [f["id"] for f in listed["items"]] == [own["id"]] and listed["count"] == 1


def test_filings_list_filters_by_report_and_period(pc, client):
    inst, user, token = pc
    api_file(client, token, "2026Q1", pc_figures())
    assert _get(client, "/api/v1/filings", token, period="2026Q1", report="pc_quarterly").json()["count"] == 1
    assert _get(client, "/api/v1/filings", token, period="2026Q2").json()["count"] == 0
    assert _get(client, "/api/v1/filings", token, period="nonsense").json()["count"] == 0
    assert _get(client, "/api/v1/filings", token, status="returned").json()["count"] == 0


def test_reports_are_those_the_institution_files(pc, client, world):
    inst, user, token = pc
    assert [r["code"] for r in _get(client, "/api/v1/reports", token).json()] == ["pc_quarterly"]
    detail = _get(client, "/api/v1/reports/pc_quarterly", token, period="2026Q1").json()
    field = next(f for f in detail["fields"] if f["id"] == "registered_capital_avg")
    assert (field["unit"], field["unit_zh"], field["required"], field["type"]) == ("wan_yuan", "万元", True, "money")
    assert detail["version"] == 2 and detail["frequency"] == "quarterly"
    assert _get(client, "/api/v1/reports/pc_quarterly", token, period="2019Q4").json()["version"] == 1
    assert _get(client, "/api/v1/reports/pc_quarterly", token, period="2027Q1").json()["version"] == 3
    assert _get(client, "/api/v1/reports/ml_monthly_business", token).status_code == 404
    client.force_login(world.city["inspector"])
    assert len(client.get("/api/v1/reports").json()) > 1


def test_session_users_call_the_api_too(pc, client, world):
    inst, user, token = pc
    client.force_login(user)
    assert client.get("/api/v1/filings").status_code == 200
    client.force_login(world.lanshan["clerk"])
    body = json.dumps({"report": "pc_quarterly", "period": "2026Q1", "values": pc_figures()})
    response = client.post("/api/v1/filings", body, content_type="application/json")
    assert response.status_code == 403  # staff file no reports


def test_an_absurdly_small_rate_is_rounded_not_a_server_error(world, client):
    version = cat.catalogue()["ml_monthly_business"].version_for(datetime.date(2026, 1, 31))
    figures = {field.id: "0" for field in version.fields}  # parses; the identity checks then run
    figures["rate_lowest"] = "1e-999999"
    response = api_file(client, token_for(world.clerk_lanshan_inst), "2026-01", figures, report="ml_monthly_business")
    # Rates keep ten decimal places (the rulebook's precision): 1e-999999 is stored as 0.
    assert response.status_code == 201, response.content
    assert response.json()["values"]["rate_lowest"] == "0"
    assert Submission.objects.get().values["rate_lowest"] == "0"
