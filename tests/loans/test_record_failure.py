"""The second store fails in-process (an exception, not a crash) while a loan batch is received:
the batch record in the database, or the move of its files into the loan store. Either nothing
of the batch is left anywhere (the record failed: no file in the store's glob, no staging folder,
no batch row, no audit entry, and the same file is then accepted anew, not taken for a replay),
or the batch is recorded and the sweep completes its files (the move failed after the record).
No subprocess is needed, so this runs on SQLite and PostgreSQL alike (test_crash_safety.py kills
real processes, PostgreSQL only)."""

import errno
import os
from unittest import mock

import duckdb
import pytest
from django.db import DatabaseError, transaction

from finsup.audit.models import AuditEntry
from finsup.loans import feeds, staging
from finsup.loans.choices import FeedChannel
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.ingest import store_glob
from finsup.loans.models import LoanBatch
from finsup.loans.sweep import loans_sweep

from .factories import write_csv
from .feed_helpers import company, own_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def receive(inst, path):
    return loan_batch_receive(institution=inst, channel=FeedChannel.INBOX, source_name="a.csv", path=path)


def stored_files(store):
    return sorted((store / "loans").rglob("*.parquet")) if (store / "loans").exists() else []


def stored_loans(store) -> int:
    with duckdb.connect() as con:
        return con.execute(f"SELECT count(*) FROM read_parquet('{store_glob(store)}')").fetchall()[0][0]


def staged(store):
    root = staging.staging_root(store)
    return sorted(root.iterdir()) if root.is_dir() else []


def batch_audit():
    return list(AuditEntry.objects.filter(object_type="loans.loanbatch").values_list("action", flat=True))


def _insert_fails(*_args, **_kwargs):
    raise DatabaseError("could not extend file: No space left on device")


FAILURES = {
    # the batch row cannot be inserted
    "the batch row": lambda: mock.patch.object(LoanBatch.objects, "create", side_effect=_insert_fails),
    # the row is inserted, then its audit entry fails: the row must go with it
    "the audit entry": lambda: mock.patch.object(feeds, "audit_record", side_effect=_insert_fails),
}


@pytest.mark.parametrize("step", FAILURES)
def test_a_failed_record_leaves_nothing_of_the_batch_and_the_file_is_accepted_again(step, tmp_path, _loan_store):
    inst, _ = company()
    path = write_csv(tmp_path / "a.csv", own_rows(inst))
    with FAILURES[step](), pytest.raises(DatabaseError, match="No space left"):
        receive(inst, path)
    assert stored_files(_loan_store) == [] and staged(_loan_store) == []
    assert not LoanBatch.objects.exists() and batch_audit() == []
    summary = loans_sweep()
    assert summary.published == () and summary.discarded == ()
    assert stored_files(_loan_store) == [] and staged(_loan_store) == []

    batch = receive(inst, path)  # the same file: new loans, not a replay of a batch the store kept
    assert (batch.outcome, batch.rows_written, batch.rows_replayed) == ("accepted", 60, 0)
    assert stored_loans(_loan_store) == 60 and staged(_loan_store) == []
    assert batch_audit() == ["import"]


def test_a_failed_move_into_the_store_after_the_record_is_completed_by_the_sweep(tmp_path, _loan_store):
    inst, _ = company()
    real_replace, store_loans = os.replace, str(_loan_store / "loans")

    def replace(source, target):
        if str(target).startswith(store_loans):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    with mock.patch.object(staging.os, "replace", side_effect=replace), pytest.raises(OSError, match="No space"):
        receive(inst, write_csv(tmp_path / "a.csv", own_rows(inst)))
    # The record is the step that decides: the batch exists, its files wait sealed in staging.
    batch = LoanBatch.objects.get()
    assert (batch.outcome, batch.rows_written) == ("accepted", 60) and batch_audit() == ["import"]
    assert stored_files(_loan_store) == [] and len(staged(_loan_store)) == 1
    assert loans_sweep().published == (batch.batch_id,)
    assert stored_loans(_loan_store) == 60 and staged(_loan_store) == []
    assert LoanBatch.objects.count() == 1 and batch_audit() == ["import"]


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_not_received_inside_a_callers_transaction(tmp_path, _loan_store):
    """Its record must commit before its files are published: inside an outer transaction a later
    rollback would drop the row and leave the files in the store."""
    inst, _ = company("outer")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        receive(inst, write_csv(tmp_path / "a.csv", own_rows(inst)))
    assert stored_files(_loan_store) == [] and staged(_loan_store) == []
    assert not LoanBatch.objects.exists() and batch_audit() == []
