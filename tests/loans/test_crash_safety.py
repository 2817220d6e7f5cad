"""A loan upload or ingestion killed (SIGKILL: no finally, no rollback in Python) at each of its
steps, then the sweep: no spool file is left, and either no batch and no loans at all (a re-upload
of the same file is then accepted, not taken as a duplicate) or a complete, recorded batch whose
loans are in the store. The intake runs for real in a subprocess (crash_driver.py) against the test
database, so the tests are transactional, and on PostgreSQL only (SQLite's test database is in
memory, invisible to another process)."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from django.db import connection

from finsup.loans import staging
from finsup.loans.crash_points import ENV, POINTS
from finsup.loans.ingest import store_glob
from finsup.loans.models import LoanBatch
from finsup.loans.sweep import loans_sweep

from .factories import write_csv
from .feed_helpers import company, own_rows

pytestmark = pytest.mark.django_db(transaction=True)
DRIVER = Path(__file__).with_name("crash_driver.py")
RECORDED = {"recorded", "published"}  # killed after the batch was recorded: it must be complete


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: the killed subprocess needs a database it can see (the SQLite test database is in memory)"
        )


@pytest.fixture
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def run_killed(channel, path, clerk, inst, store, var_dir, point):
    s = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
        "DJANGO_SETTINGS_MODULE": "finsup.config.settings.test",
        ENV: point,
    }
    args = [channel, str(path), "--user", clerk.username, "--company", inst.credit_code]
    args += ["--store", str(store), "--var", str(var_dir)]
    result = subprocess.run([sys.executable, str(DRIVER), *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == -9, f"not killed at {point}: {result.returncode}\n{result.stdout}\n{result.stderr}"


def stored_rows(store) -> int:
    if not list(store.rglob("*.parquet")):
        return 0
    with duckdb.connect() as con:  # not the module's shared connection: it would keep the result open
        return con.execute(f"SELECT count(*) FROM read_parquet('{store_glob(store)}')").fetchall()[0][0]


def spool(var_dir) -> list:
    folder = var_dir / "loan_uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def check_after_sweep(point, store, var_dir, inst):
    loans_sweep(max_age=0)
    assert spool(var_dir) == []
    assert not staging.staging_root(store).exists() or not list(staging.staging_root(store).iterdir())
    batches = list(LoanBatch.objects.values_list("institution", "outcome", "rows_written"))
    if point in RECORDED:
        assert batches == [(inst.pk, "accepted", 60)] and stored_rows(store) == 60
    else:
        assert batches == [] and stored_rows(store) == 0


@pytest.mark.parametrize("point", POINTS)
def test_an_upload_killed_at_each_step(client, tmp_path, _var_dir, _loan_store, point):
    inst, clerk = company()
    path = write_csv(tmp_path / "loans.csv", own_rows(inst))
    run_killed("upload", path, clerk, inst, _loan_store, _var_dir, point)
    assert spool(_var_dir), "the killed upload left its spool file (what the sweep is for)"

    check_after_sweep(point, _loan_store, _var_dir, inst)

    client.force_login(clerk)
    with open(path, "rb") as handle:
        response = client.post("/loans/upload/", {"contract_version": "1", "file": handle})
    assert response.status_code == 302
    latest = LoanBatch.objects.order_by("-pk").first()
    assert latest.outcome == ("duplicate" if point in RECORDED else "accepted")
    assert stored_rows(_loan_store) == 60 and spool(_var_dir) == []


@pytest.mark.parametrize("point", ["sealed", "recorded"])  # the service is the upload's: one each way
def test_the_ingest_command_killed_before_and_after_recording(tmp_path, _var_dir, _loan_store, point):
    inst, clerk = company()
    path = write_csv(tmp_path / "loans.csv", own_rows(inst))
    run_killed("ingest", path, clerk, inst, _loan_store, _var_dir, point)
    if point in ("sealed", "recorded"):  # killed between staging and publishing: the folder is there
        assert list(staging.staging_root(_loan_store).iterdir())

    check_after_sweep(point, _loan_store, _var_dir, inst)

    from django.core.management import call_command

    call_command("loans", "ingest", str(path), "--company", inst.credit_code)
    latest = LoanBatch.objects.order_by("-pk").first()
    assert latest.outcome == ("duplicate" if point in RECORDED else "accepted")
    assert stored_rows(_loan_store) == 60
