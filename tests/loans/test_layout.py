"""The store's layout: company=<code>/<batch>.parquet, month a column; a store of the first layout
(company=<code>/month=<YYYY-MM>/<batch>.parquet) is refused by ingestion until migrated, and the
migration keeps every row, pseudonym and batch id."""

import io
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command

from finsup.catalogue.context import LOAN_STORED_COLUMNS
from finsup.loans import layout
from finsup.loans.ingest import IngestError, company_glob, ingest_file, loans_scan_sql

from .factories import make_rows, write_csv

ALL = ", ".join(c for c in LOAN_STORED_COLUMNS)


def content(store: Path) -> list[tuple]:
    return duckdb.sql(f"SELECT {ALL} FROM {loans_scan_sql(store)} ORDER BY company, loan_id, loan_version").fetchall()


def to_legacy(store: Path) -> None:
    """Rewrites a store as the first layout wrote it: one file per company and month, without the
    month column (it was the folder's name)."""
    con = duckdb.connect()
    loans = store / "loans"
    for path in sorted(loans.glob("company=*/*.parquet")):
        quoted = f"'{path}'"
        for (month,) in con.execute(
            f"SELECT DISTINCT month FROM read_parquet({quoted}, hive_partitioning = false)"
        ).fetchall():
            folder = path.parent / f"month={month}"
            folder.mkdir()
            con.execute(
                f"COPY (SELECT * EXCLUDE (month) FROM read_parquet({quoted}, hive_partitioning = false) "
                f"WHERE month = '{month}') TO '{folder / path.name}' (FORMAT PARQUET)"
            )
        path.unlink()


@pytest.fixture
def rows():
    return make_rows(150, seed=11)


def test_one_file_per_company_and_batch_with_the_month_inside(tmp_path, rows):
    store = tmp_path / "store"
    report = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=store)
    companies = {r["company_credit_code"] for r in rows}
    assert sorted(report.files) == sorted(f"loans/company={c}/{report.batch_id}.parquet" for c in companies)
    con = duckdb.connect()
    inside = [
        r[0]
        for r in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{store / report.files[0]}', hive_partitioning = false)"
        ).fetchall()
    ]
    assert "month" in inside and "company" not in inside
    company = sorted(companies)[0]
    months = con.execute(
        f"SELECT DISTINCT month FROM read_parquet('{company_glob(store, company)}', hive_partitioning = true)"
    ).fetchall()
    assert sorted(m for (m,) in months) == sorted(
        {r["contract_date"][:7] for r in rows if r["company_credit_code"] == company}
    )


def test_a_store_of_the_first_layout_is_refused_then_migrated_unchanged(tmp_path, rows, settings):
    store = tmp_path / "store"
    first = ingest_file(write_csv(tmp_path / "first.csv", rows[:100]), store_dir=store)
    before = content(store)
    to_legacy(store)
    assert layout.is_legacy(store)
    assert content(store) == before  # the readers read the first layout as well
    company = rows[0]["company_credit_code"]
    con = duckdb.connect()
    legacy_count = con.execute(
        f"SELECT count(*) FROM read_parquet('{company_glob(store, company)}', hive_partitioning = true)"
    ).fetchone()[0]
    assert legacy_count == sum(1 for r in rows[:100] if r["company_credit_code"] == company)
    second_file = write_csv(tmp_path / "second.csv", rows)
    with pytest.raises(IngestError, match="migrate-store"):
        ingest_file(second_file, store_dir=store)

    settings.FINSUP_LOAN_STORE = str(store)
    out = io.StringIO()
    call_command("loans", "migrate-store", stdout=out)
    assert "写入" in out.getvalue()
    assert not layout.is_legacy(store)
    assert content(store) == before
    assert sorted(p.relative_to(store / "loans").parts[1] for p in (store / "loans").rglob("*.parquet")) == [
        f"{first.batch_id}.parquet"
    ] * len({r["company_credit_code"] for r in rows[:100]})
    assert not list(store.glob(".loans-*"))
    assert layout.migrate(store) == 0

    # After the migration: the first batch again changes nothing; the second adds only its new loans.
    assert ingest_file(tmp_path / "first.csv", store_dir=store).already_ingested
    report = ingest_file(second_file, store_dir=store)
    assert report.accepted and (report.rows_written, report.rows_replayed) == (50, 100)
    assert len(content(store)) == 150
