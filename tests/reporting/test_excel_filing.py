"""The Excel channel: the pre-filled template, and uploads accepted or refused cell by cell."""

import io

import pytest
from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.reporting.models import Submission
from tests import factories as f

from .channels import SHEET, download_template, field_rows, fill, pc_institution, upload
from .helpers import pc_figures


@pytest.fixture
def pc(db, client):
    inst, user = pc_institution("pc_xl")
    client.force_login(user)
    return inst, user


def _rejected(response):
    assert response.status_code == 422
    return response.context["rejected"].issues


def test_template_carries_the_identity_and_protects_all_but_the_values(pc, client):
    inst, _ = pc
    wb = load_workbook(io.BytesIO(download_template(client, "2026Q1")))
    ws = wb.worksheets[0]
    assert ws.title == SHEET
    assert [ws[f"A{r}"].value for r in range(2, 7)] == ["机构名称", "统一社会信用代码", "报表", "报告期", "定义版本"]
    assert ws["B3"].value == inst.credit_code and ws["B6"].value == 2
    assert [c.value for c in ws[8]] == ["分组", "项目", "单位", "数值", "说明"]
    meta = wb["_meta"]
    assert meta.sheet_state == "hidden"
    assert {meta["B2"].value, meta["B3"].value, meta["B4"].value} == {"pc_quarterly", "2026Q1", 2}
    row = field_rows(wb)["registered_capital_avg"]
    assert (ws[f"B{row}"].value, ws[f"C{row}"].value) == ("注册资本季末余额平均数", "万元")
    assert "必填" in ws[f"E{row}"].value
    assert ws.protection.sheet and ws["B3"].protection.locked and not ws[f"D{row}"].protection.locked
    assert ws[f"D{row}"].number_format == "#,##0.00####"
    assert ws[f"D{field_rows(wb)['new_investments_count']}"].number_format == "#,##0"


def test_template_is_prefilled_with_the_current_filing_in_the_unit_of_entry(pc, client):
    assert upload(client, fill(download_template(client, "2026Q1"), pc_figures())).status_code == 302
    wb = load_workbook(io.BytesIO(download_template(client, "2026Q1")))
    rows = field_rows(wb)
    assert wb.worksheets[0][f"D{rows['registered_capital_avg']}"].value == 10000
    assert wb.worksheets[0][f"D{rows['new_investments_count']}"].value == 3


def test_template_answers_404_for_another_kinds_report_or_a_bad_period(pc, client, world):
    assert client.get("/filings/file/ml_monthly_business/2026-01/template.xlsx").status_code == 404
    assert client.get("/filings/file/pc_quarterly/2026-03/template.xlsx").status_code == 404
    assert client.get("/filings/file/pc_quarterly/99999999999Q1/template.xlsx").status_code == 404
    client.force_login(world.lanshan["clerk"])
    assert client.get("/filings/file/pc_quarterly/2026Q1/template.xlsx").status_code == 404


def _assert_nothing_but_one_rejected_attempt(before: int):
    assert not Submission.objects.exists()
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "rejected" and entry.changes["channel"] == "excel"


def test_negative_and_missing_figures_are_named_by_sheet_and_cell(pc, client):
    before = AuditEntry.objects.count()
    content = download_template(client, "2026Q1")
    figures = pc_figures(agri_small_investment="-1")
    del figures["provisions_held"]
    response = upload(client, fill(content, figures))
    issues = _rejected(response)
    rows = field_rows(load_workbook(io.BytesIO(content)))
    by_cell = {i.cell: i for i in issues}
    negative = by_cell[f"D{rows['agri_small_investment']}"]
    assert negative.sheet == SHEET and "不得小于 0" in negative.message
    assert "必填" in by_cell[f"D{rows['provisions_held']}"].message
    html = response.content.decode()
    assert "单元格" in html and f"D{rows['agri_small_investment']}" in html and "不得小于 0" in html
    _assert_nothing_but_one_rejected_attempt(before)


def test_a_credit_code_with_a_wrong_check_digit_is_refused_at_its_cell(pc, client):
    inst, _ = pc
    before = AuditEntry.objects.count()
    wrong = inst.credit_code[:-1] + ("0" if inst.credit_code[-1] != "0" else "1")
    [issue] = _rejected(upload(client, fill(download_template(client, "2026Q1"), pc_figures(), B3=wrong)))
    assert (issue.sheet, issue.cell) == (SHEET, "B3") and "校验位错误" in issue.message
    _assert_nothing_but_one_rejected_attempt(before)


def test_another_institutions_template_is_refused(pc, client):
    before = AuditEntry.objects.count()
    other = f.credit_code()
    response = upload(client, fill(download_template(client, "2026Q1"), pc_figures(), B3=other))
    [issue] = _rejected(response)
    assert issue.location == f"{SHEET}!B3" and other in issue.message and "不是本机构" in issue.message
    _assert_nothing_but_one_rejected_attempt(before)


def test_a_csv_renamed_xlsx_is_refused(pc, client):
    before = AuditEntry.objects.count()
    [issue] = _rejected(upload(client, b"registered_capital_avg,10000\n", name="figures.xlsx"))
    assert "不是 Excel 工作簿" in issue.message
    [issue] = _rejected(upload(client, b"a,b\n", name="figures.csv"))
    assert "CSV" in issue.message
    assert AuditEntry.objects.count() == before + 2 and not Submission.objects.exists()


def test_a_workbook_without_our_meta_sheet_is_refused(pc, client):
    wb = load_workbook(io.BytesIO(download_template(client, "2026Q1")))
    del wb["_meta"]
    out = io.BytesIO()
    wb.save(out)
    [issue] = _rejected(upload(client, out.getvalue()))
    assert "_meta" in issue.message


def test_moved_rows_are_refused_rather_than_filed_under_the_wrong_items(pc, client):
    content = download_template(client, "2026Q1")
    row = field_rows(load_workbook(io.BytesIO(content)))["investment_total"]
    issues = _rejected(upload(client, fill(content, pc_figures(), **{f"B{row}": "别的项目"})))
    assert [i.cell for i in issues] == [f"B{row}"]


def test_a_second_upload_is_a_correction_and_needs_a_reason(pc, client):
    content = fill(download_template(client, "2026Q1"), pc_figures())
    assert upload(client, content).status_code == 302
    response = upload(client, content)
    assert response.status_code == 200 and "correction_reason" in response.context["form"].errors
    assert upload(client, content, reason="更正录入错误").status_code == 302
    assert list(Submission.objects.values_list("version", "status", "channel").order_by("version")) == [
        (1, "superseded", "excel"),
        (2, "submitted", "excel"),
    ]


def test_upload_page_lists_templates_to_download(pc, client, world):
    response = client.get("/filings/upload/")
    assert response.status_code == 200
    assert "/filings/file/pc_quarterly/" in response.content.decode()
    client.force_login(world.lanshan["clerk"])
    assert client.get("/filings/upload/").status_code == 404
