"""Pushing loans through the API: all or nothing, idempotent, scoped, with Chinese reasons."""

import json

import pytest

from finsup.loans.models import LoanBatch
from tests.reporting.channels import token_for

from .feed_helpers import company, own_rows

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
    assert sorted(p.read_bytes() for p in _loan_store.rglob("*.parquet")) == files


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
