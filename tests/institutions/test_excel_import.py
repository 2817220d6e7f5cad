"""Excel import of the registry: real .xlsx files built with openpyxl, through the page and the service.

Pages run in the default language (zh-hans). The import's messages are English msgids that still
need zh-Hans translations (every _() in finsup/institutions/excel_import.py, and the validator
messages of finsup/core/validators.py), so page tests assert on row, column title (Chinese data
from the header), cell and the number of errors, not on wording. Tests that check wording call
the service under English, which stays stable when the catalogue fills in; they are marked
"needs zh-Hans" where the string has no Chinese yet.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.institutions import excel_import
from finsup.institutions.excel_export import TITLES
from finsup.institutions.excel_import import IMPORT_FIELDS, MAX_ROWS, institution_import
from finsup.institutions.models import Institution
from tests import factories as f

HEADER = [TITLES[name] for name in IMPORT_FIELDS]
URL = "/institutions/import/"


def valid_row(n: int, **changes) -> list:
    values = {
        "credit_code": f.credit_code(700000 + n),
        "name": f"临沂导入测试{n}号小额贷款有限公司",
        "kind": "小额贷款公司",
        "county": "371302",
        "registered_capital": 100_000_000,
        "paid_in_capital": 50_000_000.5,
        "established_on": datetime.datetime(2016, 5, 3),
        "approved_on": "2016-04-01",
        "approval_doc_no": f"鲁金办字〔2016〕{n}号",
        "status": None,
        "legal_representative": "李四",
        "address": "临沂市兰山区某某路 8 号",
        "contact_phone": "0539-8000000",
    }
    values.update(changes)
    return [values[name] for name in IMPORT_FIELDS]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "机构名录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def run_import(user, data: bytes, name: str = "机构名录.xlsx"):
    with translation.override("en"):
        return institution_import(by=user, file=io.BytesIO(data), file_name=name)


def bad_check_character(code: str) -> str:
    return code[:-1] + ("1" if code[-1] != "1" else "2")


@pytest.fixture
def clerk(world):
    return world.lanshan["clerk"]


@pytest.fixture
def counts(db):
    def snapshot():
        # Logging the test client in writes its own audit entry; only the import's entries count here.
        return Institution.objects.count(), AuditEntry.objects.exclude(action="login").count()

    return snapshot


# -- Success --------------------------------------------------------------------------------------


def test_valid_file_imports_every_row_with_audit_entries(world, clerk, client_for, counts):
    before, _ = counts()
    rows = [
        valid_row(1),
        valid_row(
            2,
            kind="guarantee",
            county="兰山区",
            status="营业",
            registered_capital="200,000,000.00",
            paid_in_capital=Decimal("200000000"),
            established_on="2017/1/9",
        ),
        valid_row(
            3,
            kind="民间资本管理机构",
            county="兰山区金融工作办公室",
            legal_representative=None,
            address=None,
            contact_phone=5398000001,
        ),
    ]
    response = client_for(clerk).post(URL, {"file": upload(xlsx_bytes(rows))})

    assert response.status_code == 302
    assert response.url == reverse("institutions:list")
    assert Institution.objects.count() == before + 3
    first = Institution.objects.get(name="临沂导入测试1号小额贷款有限公司")
    assert (first.kind, first.county.code, first.status) == ("microloan", "371302", "preparing")
    assert first.paid_in_capital == Decimal("50000000.50")
    assert (first.established_on, first.approved_on) == (datetime.date(2016, 5, 3), datetime.date(2016, 4, 1))
    second = Institution.objects.get(name="临沂导入测试2号小额贷款有限公司")
    assert (second.kind, second.status, second.registered_capital) == ("guarantee", "operating", Decimal("2E+8"))
    assert second.established_on == datetime.date(2017, 1, 9)
    third = Institution.objects.get(name="临沂导入测试3号小额贷款有限公司")
    assert (third.kind, third.contact_phone, third.address) == ("private_capital", "5398000001", "")
    assert list(third.business_region.values_list("code", flat=True)) == ["371302"]

    created = AuditEntry.objects.filter(action="create", object_type="institutions.institution")
    assert created.count() == 3
    summary = AuditEntry.objects.get(action="import")
    assert summary.changes["rows"] == 3 and summary.changes["file"] == "机构名录.xlsx"
    assert summary.actor == clerk
    assert not AuditEntry.objects.filter(action="rejected").exists()


def test_columns_are_matched_by_title_in_any_order(clerk):
    order = list(reversed(range(len(HEADER))))
    header = [HEADER[i] for i in order]
    row = valid_row(4)
    result = run_import(clerk, xlsx_bytes([[row[i] for i in order]], header=header))
    assert result.ok, [str(i) for i in result.issues]
    assert Institution.objects.filter(credit_code=row[0]).exists()


def test_optional_columns_may_be_left_out_and_other_columns_are_ignored(clerk):
    required = [n for n in IMPORT_FIELDS if n not in excel_import.OPTIONAL_FIELDS]
    header = [TITLES[n] for n in required] + ["备注"]
    row = dict(zip(IMPORT_FIELDS, valid_row(5), strict=True))
    result = run_import(clerk, xlsx_bytes([[row[n] for n in required] + ["随便写"]], header=header))
    assert result.ok, [str(i) for i in result.issues]
    assert Institution.objects.get(credit_code=row["credit_code"]).status == "preparing"


def test_the_template_example_row_imports(clerk, client_for):
    response = client_for(clerk).get("/institutions/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["机构名录", "说明"]
    assert [c.value for c in wb["机构名录"][1]] == HEADER
    notes = "\n".join(str(v) for row in wb["说明"].iter_rows(values_only=True) for v in row if v)
    labels = ("小额贷款公司", "融资性担保机构", "民间资本管理机构", "民间融资登记服务机构", "筹建", "营业", "371302")
    assert all(label in notes for label in labels)
    result = run_import(clerk, response.content, "机构导入模板.xlsx")
    assert result.ok, [str(i) for i in result.issues]


# -- Rejected files: nothing is written but one REJECTED entry ------------------------------------


def test_bad_rows_import_nothing_and_each_error_is_reported(world, clerk, client_for, counts):
    before_institutions, before_audit = counts()
    rows = [
        valid_row(11),
        valid_row(12, credit_code=bad_check_character(f.credit_code(700012))),
        valid_row(13, registered_capital=-5),
        valid_row(14),
    ]
    response = client_for(clerk).post(URL, {"file": upload(xlsx_bytes(rows), "bad.xlsx")})

    assert response.status_code == 200
    issues = response.context["result"].row_issues
    assert [(i.row, i.column, i.cell) for i in issues] == [
        (3, "统一社会信用代码", "A3"),
        (4, "注册资本（元）", "E4"),
    ]
    # needs zh-Hans: "Row {row}, column “{column}” ({cell}): {message}" → 第 {row} 行，“{column}”列（{cell}）：{message}
    assert "3" in str(issues[0]) and "“统一社会信用代码”" in str(issues[0]) and "A3" in str(issues[0])
    content = response.content.decode()
    assert "A3" in content and "E4" in content and "注册资本（元）" in content

    assert counts() == (before_institutions, before_audit + 1)
    rejected = AuditEntry.objects.get(action="rejected")
    assert rejected.changes["file"] == "bad.xlsx" and rejected.changes["errors"] == 2


def test_the_messages_name_the_problem(clerk):
    rows = [valid_row(15, credit_code=bad_check_character(f.credit_code(700015))), valid_row(16, paid_in_capital=-1)]
    with translation.override("en"):
        issues = run_import(clerk, xlsx_bytes(rows)).issues
        assert str(issues[0]).startswith("Row 2, column “统一社会信用代码” (A2): The check character of")
        assert str(issues[1]) == "Row 3, column “实缴资本（元）” (F3): The amount cannot be negative."


def test_the_messages_are_in_chinese_by_default(clerk):
    rows = [valid_row(15, credit_code=bad_check_character(f.credit_code(700016))), valid_row(16, paid_in_capital=-1)]
    with translation.override("zh-hans"):
        issues = institution_import(by=clerk, file=io.BytesIO(xlsx_bytes(rows)), file_name="机构名录.xlsx").issues
        first, second = str(issues[0]), str(issues[1])
    assert first.startswith("第 2 行，“统一社会信用代码”列（A2）：") and "校验" in first
    assert second == "第 3 行，“实缴资本（元）”列（F3）：金额不能为负数。"


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"registered_capital": "一亿"}, "注册资本（元）", "is not an amount"),
        ({"paid_in_capital": 200_000_000}, "实缴资本（元）", "larger than the registered capital"),
        ({"paid_in_capital": "1.234"}, "实缴资本（元）", None),  # Django's own message: decimal places
        ({"kind": "银行"}, "类型", "is not one of"),
        ({"status": "破产"}, "状态", "is not one of"),
        ({"county": "北京市"}, "所属县区", "is not a county"),
        ({"county": "371300"}, "所属县区", "is not a county"),
        ({"approved_on": "2016-02-30"}, "批准日期", "not a valid date"),
        ({"approved_on": "去年"}, "批准日期", "is not a date"),
        ({"established_on": 20160503}, "成立日期", "is not a date"),
        ({"name": "长" * 101}, "名称", None),  # Django's own message: max length
        ({"approval_doc_no": None}, "批准文号", "required"),
        ({"credit_code": "12345"}, "统一社会信用代码", "is not a unified social credit code"),
    ],
)
def test_each_kind_of_bad_value_is_a_row_error(clerk, change, column, fragment):
    result = run_import(clerk, xlsx_bytes([valid_row(20), valid_row(21, **change)]))
    assert not result.ok and not result.created
    assert [(i.row, i.column) for i in result.issues] == [(3, column)]
    if fragment:  # needs zh-Hans: these are our msgids
        assert fragment in result.issues[0].message
    assert not Institution.objects.filter(name__startswith="临沂导入测试2").exists()


def test_dates_in_the_future_are_refused(clerk):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    as_excel_date = datetime.datetime.combine(tomorrow, datetime.time())
    row = valid_row(22, approved_on=tomorrow.isoformat(), established_on=as_excel_date)
    result = run_import(clerk, xlsx_bytes([row]))
    assert sorted(i.column for i in result.issues) == ["成立日期", "批准日期"]


def test_duplicates_within_the_file_and_against_the_registry(world, clerk):
    rows = [
        valid_row(30),
        valid_row(31, credit_code=f.credit_code(700030)),  # same code as row 2
        valid_row(32, name="临沂导入测试30号小额贷款有限公司"),  # same name as row 2
        valid_row(33, credit_code=world.inst_lanshan.credit_code),  # registered already
        valid_row(34, name=world.inst_luozhuang.name),  # registered already (any county)
    ]
    result = run_import(clerk, xlsx_bytes(rows))
    assert [(i.row, i.column) for i in result.issues] == [
        (3, "统一社会信用代码"),
        (4, "名称"),
        (5, "统一社会信用代码"),
        (6, "名称"),
    ]
    assert "row 2" in result.issues[0].message  # needs zh-Hans


def test_county_user_cannot_import_into_another_county(world, clerk, client_for, counts):
    before = counts()
    rows = [valid_row(40), valid_row(41, county="罗庄区")]
    response = client_for(clerk).post(URL, {"file": upload(xlsx_bytes(rows))})
    issues = response.context["result"].row_issues
    assert [(i.row, i.column, i.cell) for i in issues] == [(3, "所属县区", "D3")]
    assert "罗庄区" in issues[0].message
    assert counts() == (before[0], before[1] + 1)
    assert "outside your jurisdiction" in run_import(clerk, xlsx_bytes(rows)).issues[0].message  # needs zh-Hans


def test_city_user_may_import_into_any_county(world):
    rows = [valid_row(42, county="罗庄区"), valid_row(43, county="371312")]
    result = run_import(world.city["clerk"], xlsx_bytes(rows))
    assert result.ok and len(result.created) == 2


def test_a_service_error_rolls_back_every_row_and_is_reported_with_its_row(clerk, monkeypatch, counts):
    before = counts()
    real_create = excel_import.institution_create

    def create(*, by, data, status):
        if data["name"].startswith("临沂导入测试52"):
            raise ApplicationError("refused by the service", field="approval_doc_no")
        return real_create(by=by, data=data, status=status)

    monkeypatch.setattr(excel_import, "institution_create", create)
    result = run_import(clerk, xlsx_bytes([valid_row(51), valid_row(52), valid_row(53)]))
    assert [(i.row, i.column, i.cell, i.message) for i in result.issues] == [
        (3, "批准文号", "I3", "refused by the service")
    ]
    assert result.created == []
    assert counts() == (before[0], before[1] + 1)
    assert AuditEntry.objects.get(action="rejected").changes["errors"] == 1


# -- Files that are not a usable workbook ---------------------------------------------------------


def csv_bytes() -> bytes:
    lines = [",".join(HEADER), ",".join(str(v or "") for v in valid_row(60))]
    return "\n".join(lines).encode("utf-8-sig")


def corrupt_xlsx() -> bytes:
    data = xlsx_bytes([valid_row(61)])
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("名录.xlsx", "这不是表格，只是一段文字。".encode(), "not an Excel workbook"),
        ("名录.xlsx", csv_bytes(), "not an Excel workbook"),
        ("名录.csv", csv_bytes(), "CSV files are not accepted"),
        ("名录.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Old Excel files (.xls)"),
        ("名录.xlsx", corrupt_xlsx(), "not an Excel workbook"),
        ("名录.txt", b"hello", "Only Excel workbooks"),
    ],
)
def test_unusable_files_get_a_clear_error_and_change_nothing(clerk, client_for, counts, name, data, fragment):
    before = counts()
    response = client_for(clerk).post(URL, {"file": upload(data, name)})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and errors[0] in response.content.decode()
    assert not response.context["result"].row_issues
    assert counts() == (before[0], before[1] + 1)
    changes = AuditEntry.objects.get(action="rejected").changes
    assert (changes["file"], changes["errors"], len(changes["sha256"])) == (name, 1, 64)
    issues = run_import(clerk, data, name).issues
    assert len(issues) == 1 and fragment in issues[0].message  # needs zh-Hans


def test_an_empty_upload_is_refused(clerk, client_for, counts):
    before = counts()
    response = client_for(clerk).post(URL, {"file": upload(b"")})
    assert response.context["form"].errors["file"]  # Django's own message, already in Chinese
    assert counts() == before
    assert "empty" in run_import(clerk, b"").file_issues[0].message


def test_a_zip_that_is_not_a_workbook_is_refused(clerk):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = run_import(clerk, buffer.getvalue())
    assert len(result.file_issues) == 1 and "not an Excel workbook" in result.file_issues[0].message


def test_file_over_5_mb_is_refused(clerk):
    result = run_import(clerk, b"x" * (5 * 1024 * 1024 + 1))
    assert len(result.file_issues) == 1 and "5 MB" in result.file_issues[0].message


@pytest.mark.parametrize(
    ("header", "rows", "fragment"),
    [
        ([], [], "empty"),
        (HEADER, [], "no rows below"),
        (HEADER, [[None] * len(HEADER), ["  "] + [None] * (len(HEADER) - 1)], "no rows below"),
        (HEADER + ["名称"], [valid_row(70) + ["x"]], "appears twice"),
    ],
)
def test_sheets_without_usable_rows_or_header(clerk, header, rows, fragment):
    result = run_import(clerk, xlsx_bytes(rows, header=header))
    assert len(result.issues) == 1 and fragment in result.issues[0].message
    assert result.issues[0].row is None


def test_missing_required_columns_are_named(clerk):
    header = [t for t in HEADER if t not in ("注册资本（元）", "批准文号")]
    result = run_import(clerk, xlsx_bytes([], header=header))
    assert len(result.issues) == 1
    assert "“注册资本（元）”" in result.issues[0].message and "“批准文号”" in result.issues[0].message


def test_more_than_the_row_limit_is_refused(clerk):
    rows = [valid_row(1000 + n) for n in range(MAX_ROWS + 1)]
    result = run_import(clerk, xlsx_bytes(rows))
    assert len(result.issues) == 1 and str(MAX_ROWS) in result.issues[0].message
    assert not Institution.objects.filter(name__startswith="临沂导入测试").exists()


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(clerk):
    rows = [valid_row(80), [None] * len(HEADER), valid_row(81, paid_in_capital="abc")]
    result = run_import(clerk, xlsx_bytes(rows))
    assert [(i.row, i.cell) for i in result.issues] == [(4, "F4")]


def test_an_export_reimported_is_refused_only_as_already_registered(world, clerk, client_for):
    exported = client_for(clerk).get("/institutions/export.xlsx").content
    result = run_import(clerk, exported)
    assert [(i.row, i.column) for i in result.issues] == [(2, "统一社会信用代码"), (2, "名称")]


# -- Access ----------------------------------------------------------------------------------------


def test_import_page_shows_the_form_and_the_template_link(clerk, client_for):
    response = client_for(clerk).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content and reverse("institutions:import_template") in content
    assert "<script>" not in content and " onclick=" not in content


@pytest.mark.parametrize("path", [URL, "/institutions/import/template.xlsx"])
def test_institution_and_read_only_users_get_404(world, client_for, counts, path):
    before = counts()
    for user in (world.clerk_lanshan_inst, world.lanshan["inspector"], world.city["auditor"]):
        client = client_for(user)
        assert client.get(path).status_code == 404
        assert client.post(path, {"file": upload(xlsx_bytes([valid_row(90)]))}).status_code == 404
    assert counts() == before


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url
