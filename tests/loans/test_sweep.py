"""The sweep: stale spool files go, the spool is private, and what a killed ingestion left in the
store's staging folders is finished (recorded batch) or rolled back (anything else)."""

import io
import os
import stat

import duckdb
import pytest
from django.core.management import call_command

from finsup.loans import keyring, staging
from finsup.loans.choices import FeedChannel
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.ingest import ingest_file, store_glob
from finsup.loans.models import LoanBatch, LoanRuleResult
from finsup.loans.spool import spool_sweep, upload_dir
from finsup.loans.sweep import loans_sweep

from .factories import write_csv
from .feed_helpers import company, own_rows

NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_the_spool_folder_is_private_even_when_it_existed(_var_dir):
    (_var_dir / "loan_uploads").mkdir(parents=True, mode=0o755)
    os.chmod(_var_dir / "loan_uploads", 0o755)
    assert stat.S_IMODE(upload_dir().stat().st_mode) == 0o700


def test_spool_files_past_the_age_limit_are_deleted_and_younger_ones_kept(_var_dir):
    old, young = upload_dir() / "upload-old.csv", upload_dir() / "upload-young.csv"
    for path, age in ((old, 3600), (young, 3599)):
        path.write_bytes(b"borrower_id\n110101199003074258\n")
        os.utime(path, (NOW - age, NOW - age))
    assert spool_sweep(max_age=3600, now=NOW) == 1
    assert not old.exists() and young.exists()


@pytest.mark.django_db
def test_rejected_inbox_files_past_their_age_are_deleted_and_their_receipts_kept(tmp_path, settings):
    settings.FINSUP_LOAN_INBOX = tmp_path / "inbox"
    settings.FINSUP_LOAN_REJECTED_MAX_AGE = 30 * 86400
    rejected = settings.FINSUP_LOAN_INBOX / "91371300MA3C000001" / "rejected"
    rejected.mkdir(parents=True)
    old, young = rejected / "old.xlsx", rejected / "young.xlsx"
    receipt = rejected.parent / "reports" / "old.xlsx.txt"
    receipt.parent.mkdir()
    for path, age in ((old, 30 * 86400), (young, 30 * 86400 - 1), (receipt, 40 * 86400)):
        path.write_bytes(b"borrower_id\n110101199003074258\n")
        os.utime(path, (NOW - age, NOW - age))
    summary = loans_sweep(now=NOW)
    assert summary.rejected_removed == 1 and "删除过期的无法读取收件 1 个" in summary.as_text()
    assert not old.exists() and young.exists() and receipt.exists()


def staged_batch(tmp_path, store, inst):
    report = ingest_file(write_csv(tmp_path / "a.csv", own_rows(inst)), store_dir=store, publish=False)
    assert report.staged is not None and not list((store / "loans").rglob("*.parquet"))
    return report


@pytest.mark.django_db
def test_a_sealed_folder_of_a_recorded_batch_is_published_and_the_company_evaluated(tmp_path, _loan_store):
    inst, _ = company()
    report = staged_batch(tmp_path, _loan_store, inst)
    LoanBatch.objects.create(
        institution=inst,
        batch_id=report.batch_id,
        channel=FeedChannel.UPLOAD,
        source_name="a.csv",
        outcome="accepted",
        rows_read=60,
        rows_written=60,
        report="",
        received_at="2026-12-01T00:00:00Z",
    )
    summary = loans_sweep()
    assert summary.published == (report.batch_id,) and not summary.discarded
    assert [str(p.relative_to(_loan_store)) for p in _loan_store.rglob("*.parquet")] == list(report.files)
    assert not list(staging.staging_root(_loan_store).iterdir())
    assert LoanRuleResult.objects.filter(institution=inst).exists()


@pytest.mark.django_db
def test_unsealed_and_unrecorded_folders_are_deleted(tmp_path, _loan_store):
    inst, _ = company()
    staged_batch(tmp_path, _loan_store, inst)  # sealed, never recorded
    half = staging.begin(_loan_store, "f" * 64)  # written in part, never sealed
    (half / "0.parquet").write_bytes(b"PAR1")
    summary = loans_sweep()
    assert len(summary.discarded) == 2 and not summary.published
    assert not list(staging.staging_root(_loan_store).iterdir())
    assert not list(_loan_store.rglob("*.parquet"))


@pytest.mark.django_db
def test_the_store_recovery_waits_while_an_ingestion_holds_the_store(tmp_path, _loan_store):
    inst, _ = company()
    staged_batch(tmp_path, _loan_store, inst)
    with keyring.store_lock(_loan_store, exclusive=False):
        summary = loans_sweep()
    assert summary.store_busy and not summary.discarded
    assert len(list(staging.staging_root(_loan_store).iterdir())) == 1
    assert len(loans_sweep().discarded) == 1


@pytest.mark.django_db
def test_a_received_batch_leaves_no_staging_and_its_files_in_the_store(tmp_path, _loan_store):
    inst, _ = company()
    batch = loan_batch_receive(
        institution=inst,
        channel=FeedChannel.INBOX,
        source_name="a.csv",
        path=write_csv(tmp_path / "a.csv", own_rows(inst)),
        evaluate=False,
    )
    assert batch.outcome == "accepted"
    assert not list(staging.staging_root(_loan_store).iterdir())
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM read_parquet('{store_glob(_loan_store)}')").fetchall() == [(60,)]


@pytest.mark.django_db
def test_the_sweep_command_says_what_it_did(_var_dir, settings):
    stale = upload_dir() / "upload-x.xlsx"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    out = io.StringIO()
    call_command("loans", "sweep", stdout=out)
    assert "删除过期上传暂存文件 1 个" in out.getvalue() and not stale.exists()


@pytest.mark.django_db
def test_an_upload_a_push_and_the_commands_start_with_the_sweep(client, tmp_path, _var_dir, _loan_store, settings):
    from tests.reporting.channels import token_for

    inst, clerk = company()

    def leftovers():
        stale = upload_dir() / "upload-killed.csv"
        stale.write_bytes(b"borrower_id\n110101199003074258\n")
        os.utime(stale, (0, 0))
        half = staging.begin(_loan_store, "e" * 64)
        return stale, half

    def upload():
        client.force_login(clerk)
        with open(write_csv(tmp_path / "a.csv", own_rows(inst)), "rb") as handle:
            client.post("/loans/upload/", {"contract_version": "1", "file": handle})

    def push():
        client.post(
            "/api/v1/loans/batches",
            '{"contract_version": "1", "loans": [{"loan_id": "x"}]}',
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_for(clerk)}",
        )

    settings.FINSUP_LOAN_INBOX = tmp_path / "inbox"
    for start in (
        upload,
        push,
        lambda: call_command("loans", "inbox", stdout=io.StringIO()),
        lambda: call_command(
            "loans", "ingest", str(tmp_path / "a.csv"), "--company", inst.credit_code, stdout=io.StringIO()
        ),
    ):
        stale, half = leftovers()
        start()
        assert not stale.exists() and not half.exists(), start
