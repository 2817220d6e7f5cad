"""Pushed batches (records) and the one-company restriction of a feed."""

import hashlib
from pathlib import Path

from finsup.loans.ingest import ingest_file, ingest_records

from .factories import make_rows, write_csv


def snapshot(store: Path) -> dict[str, str]:
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest() for p in store.rglob("*.parquet")}


def test_records_land_like_the_same_file(tmp_path):
    rows = make_rows(60, seed=3, companies=1)
    by_file = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=tmp_path / "a")
    pushed = ingest_records(rows, store_dir=tmp_path / "b")
    assert by_file.accepted and pushed.accepted
    assert pushed.rows_written == by_file.rows_written == 60
    assert pushed.companies == by_file.companies == (rows[0]["company_credit_code"],)


def test_a_replayed_push_changes_nothing(tmp_path):
    rows = make_rows(40, seed=4, companies=1)
    store = tmp_path / "store"
    first = ingest_records(rows, store_dir=store)
    before = snapshot(store)
    again = ingest_records(list(reversed([dict(reversed(list(r.items()))) for r in rows])), store_dir=store)
    assert first.rows_written == 40
    assert again.rows_written == 0 and again.rows_replayed == 40
    assert snapshot(store) == before


def test_a_push_with_one_bad_record_stores_nothing(tmp_path):
    rows = make_rows(30, seed=5, companies=1)
    rows[11]["principal"] = "-5"
    report = ingest_records(rows, store_dir=tmp_path / "store")
    assert not report.accepted and report.rejected_rows == 1
    assert report.rejections[0].row == 13  # record 11 is row 13 of the equivalent file
    assert not (tmp_path / "store").exists() or not list((tmp_path / "store").rglob("*.parquet"))


def test_a_feed_may_carry_only_its_own_company(tmp_path):
    rows = make_rows(20, seed=6, companies=2)
    own = rows[0]["company_credit_code"]
    report = ingest_records(rows, store_dir=tmp_path / "store", company=own)
    assert not report.accepted and report.rejected_rows == 10
    assert "只能报送本公司的贷款" in report.as_text()
    mine = [r for r in rows if r["company_credit_code"] == own]
    assert ingest_records(mine, store_dir=tmp_path / "store", company=own).rows_written == 10
