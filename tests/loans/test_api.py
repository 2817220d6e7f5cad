"""Pushing loans through the API: all or nothing, idempotent, scoped, with Chinese reasons."""

import datetime
import json
from decimal import Decimal

import duckdb
import pytest

from finsup.audit.models import AuditEntry
from finsup.loans.ingest import loans_scan_sql
from finsup.loans.models import LoanBatch
from tests.reporting.channels import token_for

from .feed_helpers import batches, company, own_rows

pytestmark = pytest.mark.django_db
URL = "/api/v1/loans/batches"


def push(client, token, loans, **extra):
    body = {"contract_version": "1", "loans": loans, **extra}
    return client.post(URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def feeder(db):
    inst, clerk = company()
    return inst, clerk, token_for(clerk)


def test_a_push_is_stored_and_a_replay_changes_nothing(client, feeder, _loan_store):
    inst, _, token = feeder
    rows = own_rows(inst)
    first = push(client, token, rows)
    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "accepted" and first.json()["rows_written"] == 60
    files = sorted(p.read_bytes() for p in _loan_store.rglob("*.parquet"))
    again = push(client, token, rows[:30])
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert again.json()["rows_replayed"] == 30
    assert batches() == [("accepted", 60, 0), ("duplicate", 0, 30)]  # the replay is recorded, nothing written
    assert sorted(p.read_bytes() for p in _loan_store.rglob("*.parquet")) == files


NOW = datetime.datetime.fromisoformat("2026-11-27T16:30:00Z")  # 00:30 on 28 November in Linyi


def test_a_push_reads_back_as_stored_the_batch_row_its_audit_entry_and_the_loans(
    client, feeder, _loan_store, monkeypatch
):
    inst, clerk, token = feeder
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    rows = own_rows(inst, n=5)
    response = push(client, token, rows)
    assert response.status_code == 201, response.content
    batch = LoanBatch.objects.get()
    assert response.json()["id"] == batch.pk
    assert (batch.institution, batch.channel, batch.source_name, batch.submitted_by, batch.received_at) == (
        inst,
        "api",
        "api-20261128-5",  # the local date of the push
        clerk,
        NOW,
    )
    assert (batch.outcome, batch.problem, batch.rejections) == ("accepted", "", [])
    assert (batch.rows_read, batch.rows_written, batch.rows_replayed, batch.rejected_rows) == (5, 5, 0, 0)
    entry = AuditEntry.objects.get(object_type="loans.loanbatch", object_id=str(batch.pk))
    assert (entry.action, entry.actor_id, entry.channel) == ("import", clerk.pk, "api")
    assert entry.changes == {
        "outcome": [None, "accepted"],
        "channel": [None, "api"],
        "rows_read": [None, 5],
        "rows_written": [None, 5],
        "rejected_rows": [None, 0],
    }
    with duckdb.connect() as con:
        stored = con.execute(
            "SELECT company, loan_id, loan_version, principal, annual_rate_all_in, contract_date, status, batch_id "
            f"FROM {loans_scan_sql(_loan_store)} ORDER BY loan_id"
        ).fetchall()
        columns = {c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {loans_scan_sql(_loan_store)}").fetchall()}
    assert stored == [
        (
            inst.credit_code,
            r["loan_id"],
            1,
            Decimal(r["principal"]),
            Decimal(r["annual_rate_all_in"]),
            datetime.date.fromisoformat(r["contract_date"]),
            r["status"],
            batch.batch_id,
        )
        for r in rows
    ]
    assert "borrower_id" not in columns and "borrower_key" in columns  # pseudonymised, never in clear


def test_a_rejected_push_is_recorded_as_such(client, feeder, _loan_store):
    inst, clerk, token = feeder
    rows = own_rows(inst, n=5)
    rows[4]["borrower_id"] = "371302198001011234"  # wrong check character
    assert push(client, token, rows).status_code == 422
    batch = LoanBatch.objects.get()
    assert (batch.outcome, batch.channel, batch.submitted_by) == ("rejected", "api", clerk)
    assert (batch.rows_read, batch.rows_written, batch.rows_replayed, batch.rejected_rows) == (5, 0, 0, 1)
    assert [(r["row"], r["column"]) for r in batch.rejections] == [(6, "borrower_id")]  # record 4, as a file row
    assert "371302198001011234" not in json.dumps(batch.rejections, ensure_ascii=False) + batch.report
    entry = AuditEntry.objects.get(object_type="loans.loanbatch", object_id=str(batch.pk))
    assert (entry.action, entry.changes["outcome"], entry.changes["rows_written"]) == (
        "rejected",
        [None, "rejected"],
        [None, 0],
    )


def test_numbers_and_booleans_are_accepted_as_json_values(client, feeder):
    inst, _, token = feeder
    rows = own_rows(inst, n=5)
    for row in rows:
        row["principal"] = float(row["principal"])
        row["loan_version"] = 1
        row["related_party"] = row["related_party"] == "true"
    assert push(client, token, rows).status_code == 201


def test_one_bad_record_rejects_the_push_with_its_index(client, feeder, _loan_store):
    inst, _, token = feeder
    rows = own_rows(inst)
    rows[4]["borrower_id"] = "371302198001011234"  # wrong check character
    response = push(client, token, rows)
    assert response.status_code == 422
    body = response.json()
    assert body["outcome"] == "rejected" and body["rejected_rows"] == 1
    assert body["rejections"][0]["record"] == 4 and body["rejections"][0]["column"] == "borrower_id"
    assert "公民身份号码" in body["rejections"][0]["reason"]
    assert "371302198001011234" not in response.content.decode()
    assert not list(_loan_store.rglob("*.parquet"))


def test_unknown_fields_and_empty_pushes_are_refused_before_ingestion(client, feeder):
    inst, _, token = feeder
    rows = own_rows(inst, n=4)
    rows[0]["borrower_name"] = "张三"  # not in the contract
    assert push(client, token, rows).status_code == 422
    assert push(client, token, []).status_code == 422
    assert not LoanBatch.objects.exists()


def test_staff_cannot_push_and_batches_are_scoped(client, feeder):
    inst, clerk, token = feeder
    push(client, token, own_rows(inst, n=3))
    other, other_clerk = company("other")
    other_token = token_for(other_clerk)
    batch = LoanBatch.objects.get()
    assert client.get(f"{URL}/{batch.pk}", HTTP_AUTHORIZATION=f"Bearer {other_token}").status_code == 404
    mine = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [b["id"] for b in mine["items"]] == [batch.pk]
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {other_token}").json()["items"] == []
    client.force_login(inst.lead_supervisor)
    assert client.get(f"{URL}/{batch.pk}").status_code == 200
    staff_push = client.post(URL, json.dumps({"loans": own_rows(inst, n=1)}), content_type="application/json")
    assert staff_push.status_code in (403, 401)
