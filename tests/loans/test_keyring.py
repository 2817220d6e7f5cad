"""Rotating the loan store's key: a layer is added, the stored pseudonyms are re-keyed, and new
batches get the same keys for the same borrowers; the store refuses batches until it is re-keyed."""

import hashlib
import hmac
import io

import duckdb
import pytest
from django.core.management import CommandError, call_command

from finsup.core.personal_data import lookup_hash
from finsup.loans.ingest import loans_scan_sql

from .factories import write_csv
from .feed_helpers import company, own_rows
from .test_feeds import receive

pytestmark = pytest.mark.django_db


def keys_by_loan(store) -> dict[str, tuple]:
    rows = duckdb.sql(
        f"SELECT loan_id, borrower_key, borrower_group_key, phone_key FROM {loans_scan_sql(store)}"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def layer(key: str, value: str | None) -> str | None:
    return None if value is None else hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def test_a_new_layer_rekeys_the_store_and_new_batches_match(tmp_path, settings, _loan_store):
    inst, clerk = company()
    rows = own_rows(inst, n=40)
    receive(inst, write_csv(tmp_path / "a.csv", rows[:30]), by=clerk)
    before = keys_by_loan(_loan_store)
    assert before["L00000000"][0] == lookup_hash(rows[0]["borrower_id"])

    settings.FINSUP_LOAN_KEY_LAYERS = ["second-generation-key-0123456789"]
    refused = receive(inst, write_csv(tmp_path / "b.csv", rows[30:]), by=clerk)
    assert refused.outcome == "rejected" and "finsup loans rekey" in refused.report
    assert keys_by_loan(_loan_store) == before

    out = io.StringIO()
    call_command("loans", "rekey", stdout=out)
    assert "已更新" in out.getvalue()
    after = keys_by_loan(_loan_store)
    assert after == {
        loan: tuple(layer("second-generation-key-0123456789", k) for k in keys) for loan, keys in before.items()
    }
    assert receive(inst, write_csv(tmp_path / "b.csv", rows[30:]), by=clerk).outcome == "accepted"
    new = keys_by_loan(_loan_store)
    by_borrower = {rows[int(loan[1:])]["borrower_id"]: keys[0] for loan, keys in new.items()}
    for loan, keys in new.items():  # one borrower, one key, whichever batch it came in
        assert by_borrower[rows[int(loan[1:])]["borrower_id"]] == keys[0]
    call_command("loans", "rekey", stdout=io.StringIO())  # nothing more to do
    assert keys_by_loan(_loan_store) == new


def test_a_changed_or_removed_layer_is_refused(tmp_path, settings, _loan_store):
    inst, clerk = company()
    settings.FINSUP_LOAN_KEY_LAYERS = ["layer-one-0123456789"]
    receive(inst, write_csv(tmp_path / "a.csv", own_rows(inst, n=10)), by=clerk)
    settings.FINSUP_LOAN_KEY_LAYERS = ["another-layer-0123456789"]
    with pytest.raises(CommandError):
        call_command("loans", "rekey", stdout=io.StringIO())
    settings.FINSUP_LOAN_KEY_LAYERS = []
    batch = receive(inst, write_csv(tmp_path / "b.csv", own_rows(inst, n=12, seed=5)), by=clerk)
    assert batch.outcome == "rejected" and "不一致" in batch.report
