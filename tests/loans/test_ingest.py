import datetime
import hashlib
import json
import random
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from stdnum.cn import ric, uscc

from finsup.core.personal_data import lookup_hash
from finsup.loans.ingest import (
    INPUT_COLUMNS,
    STORED_COLUMNS,
    IngestError,
    _ric_valid,
    _uscc_valid,
    ingest_file,
    loans_scan_sql,
)

from .factories import make_ric, make_rows, make_uscc, write_csv

COMPARED = [c for c in STORED_COLUMNS if c not in ("batch_id", "ingested_at")]


def stored(store: Path) -> list[tuple]:
    cols = ", ".join(COMPARED)
    return duckdb.sql(f"SELECT {cols} FROM {loans_scan_sql(store)} ORDER BY company, loan_id, loan_version").fetchall()


def one(sql: str) -> tuple:
    return duckdb.connect().execute(sql).fetchone()


def snapshot(store: Path) -> dict[str, str]:
    return {
        str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def rows():
    return make_rows(120, seed=7)


def test_valid_csv_lands_partitioned_by_company_month_inside(tmp_path, rows):
    store = tmp_path / "store"
    report = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=store)

    assert report.accepted and report.rows_read == 120 and report.rows_written == 120
    assert "导入 120 行" in report.as_text()
    for rel in report.files:
        parts = Path(rel).parts
        assert parts[0] == "loans" and parts[1].startswith("company=") and parts[2] == f"{report.batch_id}.parquet"
    con = duckdb.connect()
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {loans_scan_sql(store)}").fetchall()]
    assert sorted(columns) == sorted(STORED_COLUMNS)
    by_partition = con.execute(
        f"SELECT company, month, count(*) FROM {loans_scan_sql(store)} GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    expected: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["company_credit_code"], r["contract_date"][:7])
        expected[key] = expected.get(key, 0) + 1
    assert by_partition == [(c, m, n) for (c, m), n in sorted(expected.items())]
    one = con.execute(
        f"SELECT principal, annual_rate_all_in, upfront_deduction, contract_date, related_party, borrower_group_key, "
        f"borrower_key FROM {loans_scan_sql(store)} WHERE loan_id = 'L00000000'"
    ).fetchone()
    assert one[0] == Decimal(rows[0]["principal"])
    assert one[1] == Decimal(rows[0]["annual_rate_all_in"])
    assert one[3] == datetime.date.fromisoformat(rows[0]["contract_date"])
    assert one[4] is True  # row 0 is a related party
    assert one[5] != one[6]  # row 0 has a group


def test_group_key_defaults_to_borrower_key_and_one_borrower_has_one_key(tmp_path, rows):
    store = tmp_path / "store"
    ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=store)
    con = duckdb.connect()
    no_group = con.execute(
        f"SELECT count(*) FROM {loans_scan_sql(store)} WHERE loan_id = 'L00000001' "
        "AND borrower_group_key = borrower_key"
    ).fetchone()[0]
    assert no_group == 1
    borrowers = len({r["borrower_id"] for r in rows})
    keys = con.execute(f"SELECT count(DISTINCT borrower_key) FROM {loans_scan_sql(store)}").fetchone()[0]
    assert keys == borrowers


def test_the_same_file_twice_leaves_the_store_unchanged(tmp_path, rows):
    store = tmp_path / "store"
    path = write_csv(tmp_path / "loans.csv", rows)
    first = ingest_file(path, store_dir=store)
    before = snapshot(store)
    second = ingest_file(path, store_dir=store)
    assert second.already_ingested and second.rows_written == 0
    assert "此前已导入" in second.as_text()
    assert snapshot(store) == before
    assert first.batch_id == second.batch_id


def test_replayed_loan_versions_are_skipped_not_duplicated(tmp_path, rows):
    store = tmp_path / "store"
    ingest_file(write_csv(tmp_path / "first.csv", rows[:80]), store_dir=store)
    newer = dict(rows[0], loan_version="2", outstanding="0.00", status="settled", overdue_days="0")
    report = ingest_file(write_csv(tmp_path / "second.csv", rows + [newer]), store_dir=store)
    assert report.accepted
    assert (report.rows_written, report.rows_replayed) == (41, 80)
    count, distinct = one(
        f"SELECT count(*), count(DISTINCT (company, loan_id, loan_version)) FROM {loans_scan_sql(store)}"
    )
    assert count == distinct == 121
    latest = one(f"SELECT max(loan_version) FROM {loans_scan_sql(store)} WHERE loan_id = 'L00000000'")[0]
    assert latest == 2


def test_one_bad_row_imports_nothing_and_is_reported_in_chinese(tmp_path, rows):
    bad_id = rows[36]["borrower_id"]
    wrong = "0" if bad_id[-1] != "0" else "1"
    rows[36] = dict(rows[36], borrower_id=bad_id[:-1] + wrong, borrower_type="person")
    store = tmp_path / "store"
    report = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=store)

    assert not report.accepted and report.rows_written == 0 and report.rejected_rows == 1
    assert [(r.row, r.column) for r in report.rejections] == [(38, "borrower_id")]  # header is row 1
    assert "公民身份号码" in report.rejections[0].reason
    text = report.as_text()
    assert "第38行" in text and "借款人证件号码" in text and "整批未导入" in text
    assert not list(store.rglob("*.parquet")) if store.exists() else True


@pytest.mark.parametrize(
    ("change", "column", "reason_part"),
    [
        ({"due_date": "2024-01-01"}, "due_date", "到期日须晚于放款日"),
        ({"principal": "12.345"}, "principal", "两位小数"),
        ({"principal": "0"}, "principal", "大于0"),
        ({"annual_rate_all_in": "120"}, "annual_rate_all_in", "0至100"),
        ({"status": "closed"}, "status", "贷款状态"),
        ({"status": "normal", "overdue_days": "30"}, "overdue_days", "逾期"),
        ({"outstanding": "99999999.00"}, "outstanding", "不得超过本金"),
        ({"company_credit_code": "91370100MA3C0000X0"}, "company_credit_code", "校验码"),
        ({"borrower_county": "3713"}, "borrower_county", "6位"),
        ({"related_party": "maybe"}, "related_party", "true 或 false"),
        ({"loan_version": "0"}, "loan_version", "不小于1"),
        ({"contract_date": "2025/01/05"}, "contract_date", "YYYY-MM-DD"),
        ({"loan_id": ""}, "loan_id", "必填项为空"),
        ({"borrower_phone": "abc"}, "borrower_phone", "手机号码"),
    ],
)
def test_each_rule_names_the_row_and_column(tmp_path, rows, change, column, reason_part):
    rows[4] = dict(rows[4], **change)
    report = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=tmp_path / "store")
    assert report.rejected_rows == 1
    assert any(r.row == 6 and r.column == column and reason_part in r.reason for r in report.rejections), (
        report.rejections
    )
    assert not (tmp_path / "store" / "loans").exists()


def test_a_duplicate_loan_version_in_one_file_is_rejected(tmp_path, rows):
    rows.append(dict(rows[3]))
    report = ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=tmp_path / "store")
    assert report.rejected_rows == 2
    assert {r.row for r in report.rejections} == {5, 122}


def test_missing_and_unknown_columns_are_reported_on_the_header(tmp_path, rows):
    path = tmp_path / "loans.csv"
    for r in rows:
        r.pop("principal")
        r["borrower_name"] = "张三"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(rows[0]) + "\n")
        fh.writelines(",".join(r.values()) + "\n" for r in rows)
    report = ingest_file(path, store_dir=tmp_path / "store")
    assert not report.accepted
    assert {(r.row, r.column) for r in report.rejections} == {(1, "principal"), (1, "borrower_name")}
    assert "列名不符合" in report.as_text() and "第1行" in report.as_text()


def test_a_file_with_only_the_header_writes_nothing(tmp_path):
    report = ingest_file(write_csv(tmp_path / "loans.csv", []), store_dir=tmp_path / "store")
    assert report.accepted and report.rows_read == 0 and report.rows_written == 0
    assert not list((tmp_path / "store").rglob("*.parquet"))


def test_no_clear_identifier_anywhere_in_the_store(tmp_path, rows):
    store = tmp_path / "store"
    ingest_file(write_csv(tmp_path / "loans.csv", rows), store_dir=store)
    secrets = {r["borrower_id"] for r in rows} | {r["borrower_phone"] for r in rows if r["borrower_phone"]}
    secrets |= {r["borrower_group_id"] for r in rows if r["borrower_group_id"]}
    files = [p for p in store.rglob("*") if p.is_file()]
    assert files
    for p in files:
        data = p.read_bytes()
        assert not any(s.encode() in data for s in secrets), p
        assert not any(s in str(p) for s in secrets)
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM {loans_scan_sql(store)}").fetchall()
    text_columns = [name for name, kind, *_ in described if kind == "VARCHAR"]
    values = set()
    for c in text_columns:
        values |= {v for (v,) in con.execute(f"SELECT DISTINCT {c} FROM {loans_scan_sql(store)}").fetchall()}
    assert not any(s in v for v in values if v for s in secrets)
    assert "borrower_id" not in text_columns and "borrower_phone" not in text_columns


def test_excel_and_parquet_give_the_same_rows_as_csv(tmp_path, rows):
    csv_path = write_csv(tmp_path / "loans.csv", rows)
    parquet_path = tmp_path / "loans.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{parquet_path}' (FORMAT PARQUET)")
    xlsx_path = tmp_path / "loans.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(INPUT_COLUMNS))
    for r in rows:
        typed = []
        for c in INPUT_COLUMNS:
            v = r[c]
            if c.endswith("_date"):
                v = datetime.date.fromisoformat(v)
            elif c in ("principal", "annual_rate_all_in", "upfront_deduction", "outstanding"):
                v = float(v)
            elif c in ("loan_version", "overdue_days"):
                v = int(v)
            elif c == "related_party":
                v = v == "true"
            typed.append(v if v != "" else None)
        sheet.append(typed)
    book.save(xlsx_path)

    results = {}
    for path in (csv_path, parquet_path, xlsx_path):
        store = tmp_path / f"store-{path.suffix[1:]}"
        report = ingest_file(path, store_dir=store)
        assert report.accepted, report.as_text()
        results[path.suffix] = stored(store)
    assert len(results[".csv"]) == 120
    assert results[".csv"] == results[".parquet"] == results[".xlsx"]


def test_an_unknown_format_is_refused(tmp_path):
    path = tmp_path / "loans.json"
    path.write_text("[]")
    with pytest.raises(IngestError):
        ingest_file(path, store_dir=tmp_path / "store")


def test_sql_check_characters_agree_with_stdnum():
    rng = random.Random(3)
    ids = [make_ric(rng) for _ in range(300)] + [make_uscc(rng) for _ in range(300)]
    samples = ids + [v[:-1] + rng.choice("0123456789X") for v in ids]
    con = duckdb.connect()
    got = con.execute(
        f"SELECT v, {_ric_valid('v')}, {_uscc_valid('v')} FROM (SELECT unnest($1::VARCHAR[]) AS v)", [samples]
    ).fetchall()
    for v, is_ric, is_uscc in got:
        assert is_ric == (ric.is_valid(v) or _ric_checksum_only(v)), v
        assert is_uscc == uscc.is_valid(v), v


def _ric_checksum_only(v: str) -> bool:
    # stdnum also checks region codes against its list; the SQL check does the format, birth date and check digit
    try:
        return bool(len(v) == 18 and v[:17].isdigit() and ric.calc_check_digit(v) == v[-1] and ric.get_birth_date(v))
    except Exception:
        return False


CONTRACT = Path(__file__).resolve().parents[2] / "src" / "finsup" / "loans" / "contract"


def test_the_published_example_is_valid_and_matches_the_schema(tmp_path):
    schema = json.loads((CONTRACT / "loans-v1.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    assert list(schema["properties"]) == list(INPUT_COLUMNS)
    report = ingest_file(CONTRACT / "loans-v1.example.csv", store_dir=tmp_path / "store")
    assert report.accepted and report.rows_written == 10


def test_keys_are_the_platform_lookup_hash_and_a_custom_function_is_used(tmp_path, rows):
    store = tmp_path / "store"
    ingest_file(write_csv(tmp_path / "loans.csv", rows[:5]), store_dir=store)
    got = (
        duckdb.connect()
        .execute(f"SELECT loan_id, borrower_key, phone_key FROM {loans_scan_sql(store)} ORDER BY loan_id")
        .fetchall()
    )
    for (loan_id, key, phone_key), row in zip(got, rows[:5], strict=True):
        assert loan_id == row["loan_id"]
        assert key == lookup_hash(row["borrower_id"])
        assert phone_key == (lookup_hash(row["borrower_phone"]) if row["borrower_phone"] else None)

    other = tmp_path / "other"
    ingest_file(write_csv(tmp_path / "loans.csv", rows[:5]), store_dir=other, lookup_key_fn=lambda v: "k" + v[-2:])
    keys = {k for (k,) in duckdb.connect().execute(f"SELECT borrower_key FROM {loans_scan_sql(other)}").fetchall()}
    assert keys == {"k" + r["borrower_id"][-2:] for r in rows[:5]}


TYPES = {
    "loan_version": "INTEGER",
    "principal": "DECIMAL(18,2)",
    "annual_rate_all_in": "DECIMAL(9,4)",
    "upfront_deduction": "DECIMAL(18,2)",
    "contract_date": "DATE",
    "start_date": "DATE",
    "due_date": "DATE",
    "outstanding": "DECIMAL(18,2)",
    "overdue_days": "BIGINT",
    "related_party": "BOOLEAN",
}


def typed_parquet(csv_path: Path, out: Path, types: dict[str, str]) -> Path:
    cols = ", ".join(f"CAST(NULLIF({c}, '') AS {types[c]}) AS {c}" if c in types else c for c in INPUT_COLUMNS)
    duckdb.sql(f"COPY (SELECT {cols} FROM read_csv('{csv_path}', all_varchar = true)) TO '{out}' (FORMAT PARQUET)")
    return out


@pytest.mark.parametrize("principal_type", ["DECIMAL(18,2)", "DECIMAL(18,3)", "DOUBLE"])
def test_typed_parquet_is_checked_as_its_text_would_be(tmp_path, rows, principal_type):
    """A Parquet file's typed columns are checked without going through text, with the same
    rejections as the same values written as text (DuckDB's rendering, as a CSV export gives)."""
    bad = {
        3: {"principal": "-5.00"},
        5: {"principal": "0"},
        7: {"outstanding": "99999999.00"},
        9: {"annual_rate_all_in": "120"},
        11: {"upfront_deduction": "-1"},
        13: {"outstanding": "-2.50"},
        15: {"contract_date": "10000-01-01", "start_date": "10000-01-02", "due_date": "10001-01-01"},
        17: {"due_date": "2020-01-01"},
        19: {"loan_version": "0"},
        21: {"overdue_days": "-1"},
        23: {"status": "normal", "overdue_days": "30"},
        25: {"related_party": ""},
        27: {"principal": "", "contract_date": ""},
        29: {"principal": "12.5"},
    }
    for i, change in bad.items():
        rows[i] = dict(rows[i], **change)
    rows[31] = dict(rows[30])  # a duplicate loan version
    source = write_csv(tmp_path / "source.csv", rows)
    parquet = typed_parquet(source, tmp_path / "typed.parquet", TYPES | {"principal": principal_type})
    as_text = tmp_path / "as_text.csv"
    duckdb.sql(f"COPY (SELECT * FROM '{parquet}') TO '{as_text}' (HEADER)")

    typed_report = ingest_file(parquet, store_dir=tmp_path / "s1")
    text_report = ingest_file(as_text, store_dir=tmp_path / "s2")
    assert typed_report.rejected_rows == text_report.rejected_rows >= len(bad)
    assert typed_report.rejections == text_report.rejections

    from finsup.loans.ingest import _typed_columns

    described = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()}
    expected = set(TYPES) - ({"principal"} if principal_type != "DECIMAL(18,2)" else set())
    assert _typed_columns(described) == expected


def test_typed_parquet_stores_what_its_text_stores(tmp_path, rows):
    parquet = typed_parquet(write_csv(tmp_path / "source.csv", rows), tmp_path / "typed.parquet", TYPES)
    as_text = tmp_path / "as_text.csv"
    duckdb.sql(f"COPY (SELECT * FROM '{parquet}') TO '{as_text}' (HEADER)")
    assert ingest_file(parquet, store_dir=tmp_path / "s1").accepted
    assert ingest_file(as_text, store_dir=tmp_path / "s2").accepted
    assert stored(tmp_path / "s1") == stored(tmp_path / "s2")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_rows_are_numbered_as_in_the_file_in_a_large_batch(tmp_path, rows, fmt):
    """Large enough for DuckDB to read the file in parallel pieces: a rejection still names the
    file's row (the staged rows keep the file order; rowid + 2)."""
    one_row = write_csv(tmp_path / "one.csv", rows[:1])
    out = tmp_path / f"big.{fmt}"
    options = "(HEADER)" if fmt == "csv" else "(FORMAT PARQUET, ROW_GROUP_SIZE 20000)"
    duckdb.sql(
        f"""COPY (SELECT * EXCLUDE (i) REPLACE (printf('L%09d', i) AS loan_id,
            CASE WHEN i IN (123457, 299000) THEN '-1' ELSE principal END AS principal)
        FROM read_csv('{one_row}', all_varchar = true), range(300000) AS t(i) ORDER BY i) TO '{out}' {options}"""
    )
    report = ingest_file(out, store_dir=tmp_path / "store")
    assert report.rejected_rows == 2
    assert sorted({r.row for r in report.rejections}) == [123_457 + 2, 299_000 + 2]
