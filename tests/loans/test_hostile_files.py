"""Damaged and hostile loan files: every reader error is a clear refusal with a code (never a 500,
never a traceback), the caps hold before the data is read, and nothing reaches the store."""

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from finsup.loans import ingest, reading
from finsup.loans.ingest import IngestError, ingest_file
from finsup.loans.models import LoanBatch
from tests.reporting.channels import token_for

from . import hostile_files as hostile
from .factories import make_rows, write_csv
from .feed_helpers import company, own_rows


def contract_workbook(path, rows):
    header = list(ingest.INPUT_COLUMNS)
    return hostile.workbook(path, [header, *[[r[c] for c in header] for r in rows]])


def damaged(tmp_path, kind: str):
    """One damaged file of each kind, with the refusal code expected."""
    if kind == "random.xlsx":
        return hostile.random_bytes(tmp_path / kind), "unreadable"
    if kind == "truncated.xlsx":
        whole = contract_workbook(tmp_path / "whole.xlsx", make_rows(50, companies=1))
        return hostile.truncated(tmp_path / kind, whole), "unreadable"
    if kind == "zip.xlsx":
        return hostile.zip_not_a_workbook(tmp_path / kind), "unreadable"
    if kind == "nosheet.xlsx":
        return hostile.no_sheet_workbook(tmp_path / kind), "no_sheet"
    if kind == "random.csv":
        return hostile.random_bytes(tmp_path / kind), "unreadable"
    if kind == "ragged.csv":
        path = write_csv(tmp_path / kind, make_rows(3000, companies=1))
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2500] += ",one,too,many"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path, "unreadable"
    if kind == "random.parquet":
        return hostile.random_bytes(tmp_path / kind), "unreadable"
    if kind == "framed.parquet":  # the magic bytes right, the rest garbage
        path = tmp_path / kind
        path.write_bytes(b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
        return path, "unreadable"
    raise ValueError(kind)


DAMAGED = [
    "random.xlsx",
    "truncated.xlsx",
    "zip.xlsx",
    "nosheet.xlsx",
    "random.csv",
    "ragged.csv",
    "random.parquet",
    "framed.parquet",
]


# --- the reader --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_file_is_an_ingest_error_with_a_code_and_writes_nothing(tmp_path, kind):
    path, code = damaged(tmp_path, kind)
    store = tmp_path / "store"
    with pytest.raises(IngestError) as refused:
        ingest_file(path, store_dir=store)
    assert refused.value.code == code
    message = str(refused.value)
    assert "文件" in message and str(tmp_path) not in message and "Error" not in message
    assert not list(store.rglob("*.parquet")) and not list((store / ".staging").glob("*"))


def test_a_16384_column_workbook_is_refused_before_a_data_row_is_read(tmp_path, monkeypatch):
    path = hostile.wide_workbook(tmp_path / "wide.xlsx", columns=16_384, data_rows=200)

    def never(*args, **kwargs):
        raise AssertionError("the data rows were read")

    monkeypatch.setattr(reading, "_excel_columns", never)
    with pytest.raises(IngestError) as refused:
        ingest_file(path, store_dir=tmp_path / "store")
    assert refused.value.code == "too_many_columns" and "31 列" in str(refused.value)


def test_a_header_cell_far_to_the_right_counts_by_its_column(tmp_path):
    with pytest.raises(IngestError) as refused:
        ingest_file(hostile.far_cell_workbook(tmp_path / "far.xlsx"), store_dir=tmp_path / "store")
    assert refused.value.code == "too_many_columns"


def test_a_header_a_few_columns_wider_than_the_contract_is_read(tmp_path):
    """The margin: a header with extra columns within the cap is read, and rejected for its unknown
    columns by the contract's header check (a report, not a refusal)."""
    rows = make_rows(5, companies=1)
    header = [*ingest.INPUT_COLUMNS, "note1", "note2"]
    path = hostile.workbook(
        tmp_path / "extra.xlsx", [header, *[[*[r[c] for c in ingest.INPUT_COLUMNS], "", ""] for r in rows]]
    )
    report = ingest_file(path, store_dir=tmp_path / "store")
    assert not report.accepted and {r.column for r in report.rejections} == {"note1", "note2"}


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path, settings, monkeypatch):
    settings.FINSUP_LOAN_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    path = hostile.zip_bomb_workbook(tmp_path / "bomb.xlsx", unpacked=4 * 1024 * 1024)
    assert path.stat().st_size < 64 * 1024
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    with pytest.raises(IngestError) as refused:
        ingest_file(path, store_dir=tmp_path / "store")
    assert refused.value.code == "too_large_unpacked" and "1 MB" in str(refused.value)


def test_wide_csv_and_parquet_headers_are_refused_from_the_header_and_the_metadata(tmp_path, monkeypatch):
    csv_path = tmp_path / "wide.csv"
    csv_path.write_text(";".join(f"c{i}" for i in range(40)) + "\n" + ";".join("1" * 40) + "\n", encoding="utf-8")
    endless = tmp_path / "endless.csv"
    endless.write_bytes(b"a" * (2 << 20))  # a header line with no end within the first megabyte
    parquet_path = tmp_path / "wide.parquet"
    pq.write_table(pa.table({f"c{i}": [1, 2] for i in range(40)}), parquet_path)
    monkeypatch.setattr(ingest, "_build_src", lambda *a, **k: pytest.fail("the data was read"))
    for path in (csv_path, endless, parquet_path):
        with pytest.raises(IngestError) as refused:
            ingest_file(path, store_dir=tmp_path / "store")
        assert refused.value.code == "too_many_columns", path


def test_the_row_cap_holds_for_every_format(tmp_path, settings):
    settings.FINSUP_LOAN_MAX_ROWS = 5
    rows = make_rows(8, companies=1)
    csv_path = write_csv(tmp_path / "a.csv", rows)
    xlsx_path = contract_workbook(tmp_path / "a.xlsx", rows)
    parquet_path = tmp_path / "a.parquet"
    pq.write_table(pa.table({c: [r[c] for r in rows] for c in ingest.INPUT_COLUMNS}), parquet_path)
    for path in (csv_path, xlsx_path, parquet_path):
        with pytest.raises(IngestError) as refused:
            ingest_file(path, store_dir=tmp_path / "store")
        assert refused.value.code == "too_many_rows" and "5 行" in str(refused.value), path
    settings.FINSUP_LOAN_MAX_ROWS = 8
    assert ingest_file(xlsx_path, store_dir=tmp_path / "store").accepted


# --- the channels ------------------------------------------------------------------------------


@pytest.fixture
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.mark.django_db
@pytest.mark.parametrize("kind", DAMAGED)
def test_an_upload_of_a_damaged_file_answers_422_with_the_reason(client, tmp_path, _var_dir, _loan_store, kind):
    inst, clerk = company()
    path, code = damaged(tmp_path, kind)
    client.force_login(clerk)
    with open(path, "rb") as handle:
        response = client.post("/loans/upload/", {"contract_version": "1", "file": handle})
    page = response.content.decode()
    assert response.status_code == 422 and ("文件无法读取" in page or "没有工作表" in page)
    assert 'name="file"' in page  # the form again, to choose another file
    batch = LoanBatch.objects.get()
    assert batch.outcome == "rejected" and batch.problem == code and batch.report in page
    assert not list((_var_dir / "loan_uploads").iterdir())
    assert not list(_loan_store.rglob("*.parquet"))


@pytest.mark.django_db
def test_an_upload_of_the_wide_workbook_answers_422(client, tmp_path, _var_dir, _loan_store):
    inst, clerk = company()
    client.force_login(clerk)
    with open(hostile.wide_workbook(tmp_path / "wide.xlsx"), "rb") as handle:
        response = client.post("/loans/upload/", {"contract_version": "1", "file": handle})
    assert response.status_code == 422 and "列数超过 31 列的上限" in response.content.decode()
    assert LoanBatch.objects.get().problem == "too_many_columns"


@pytest.mark.django_db
def test_the_ingest_command_names_the_reason_and_fails(tmp_path):
    inst, _ = company()
    path, _code = damaged(tmp_path, "truncated.xlsx")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loans", "ingest", str(path), "--company", inst.credit_code, stdout=out, stderr=out)
    assert "文件无法读取：不是有效的 Excel .xlsx 文件，或文件已损坏。" in out.getvalue()


@pytest.mark.django_db
def test_a_push_over_the_row_cap_answers_422_with_a_code(client, settings, _loan_store):
    inst, clerk = company()
    settings.FINSUP_LOAN_MAX_ROWS = 10
    response = client.post(
        "/api/v1/loans/batches",
        json.dumps({"contract_version": "1", "loans": own_rows(inst, n=12)}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(clerk)}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "too_many_rows" and "10 行" in body["detail"]
    assert not list(_loan_store.rglob("*.parquet"))
