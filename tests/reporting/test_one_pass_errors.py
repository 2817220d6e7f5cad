"""Every error of a filing in one pass, on every channel: a figure that cannot be read does not hide
the report's identities (sums) over the others, and each sum error sits on its total (an Excel
cell, a form field, an API field) and names the figures it reads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.reporting import services
from finsup.reporting.models import Submission

from .channels import SHEET, api_file, download_template, field_rows, fill, pc_institution, token_for, upload
from .helpers import Q1_2026, pc_figures

# The rule, then both figures: the total as entered and what its items give.
FUNDING_SUM_ZH = "各渠道融资合计应等于融资总量。“融资总量”填报为 6,000.00 万元，按其他各项计算应为 5,000.00 万元。"
FUNDING_READS = ["银行融资", "股东借款", "优先股股东出资", "定向私募融资", "其他融资", "融资总量"]


@pytest.fixture
def pc(db, client):
    inst, user = pc_institution("pc_onepass")
    client.force_login(user)
    return inst, user


def _bad():
    """A count that is not a number, and a funding total that is not the sum of its items."""
    return pc_figures(new_investments_count="三笔", funding_total_avg="6000")


def test_the_service_reports_a_type_error_and_a_sum_error_together(pc):
    inst, user = pc
    with pytest.raises(services.FilingRejected) as exc:
        services.submission_file(
            by=user, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=_bad(), channel="web"
        )
    errors = dict(exc.value.errors)
    assert set(errors) == {"new_investments_count", "funding_total_avg"}
    assert errors["new_investments_count"] == "“本季新增投资笔数”: “三笔”不是有效的数字。"
    assert errors["funding_total_avg"] == f"{FUNDING_SUM_ZH}（涉及：{'、'.join(FUNDING_READS)}）"
    assert not Submission.objects.exists()


def test_an_identity_over_an_unreadable_figure_is_not_reported(pc):
    """The total itself unreadable: its sum cannot be decided, so only the type error is reported."""
    inst, user = pc
    with pytest.raises(services.FilingRejected) as exc:
        services.submission_file(
            by=user,
            institution=inst,
            report_code="pc_quarterly",
            period=Q1_2026,
            raw=pc_figures(funding_total_avg="六千"),
            channel="web",
        )
    assert [field for field, _ in exc.value.errors] == ["funding_total_avg"]


def test_excel_reports_both_with_sheet_and_cell_in_one_upload(pc, client):
    before = AuditEntry.objects.count()
    content = download_template(client, "2026Q1")
    rows = field_rows(load_workbook(io.BytesIO(content)))
    figures = pc_figures(funding_total_avg="6000")
    del figures["new_investments_count"]
    response = upload(client, fill(content, figures, **{f"D{rows['new_investments_count']}": "三笔"}))
    assert response.status_code == 422
    issues = {i.cell: i for i in response.context["rejected"].issues}
    count_cell, total_cell = f"D{rows['new_investments_count']}", f"D{rows['funding_total_avg']}"
    assert set(issues) == {count_cell, total_cell}
    total = issues[total_cell]
    assert (total.sheet, total.label) == (SHEET, "融资总量")
    assert issues[count_cell].message == "“本季新增投资笔数”: “三笔”不是有效的数字。"
    assert str(total).startswith(f"表「{SHEET}」单元格 {total_cell}：")
    # The sum names every figure it reads with its cell.
    assert f"（D{rows['bank_funding_avg']}）" in total.message and f"（{total_cell}）" in total.message
    body = response.content.decode()
    assert total_cell in body and count_cell in body and "三笔" in body
    assert not Submission.objects.exists()
    entry = AuditEntry.objects.latest("seq")
    assert AuditEntry.objects.count() == before + 1 and entry.action == "rejected"
    assert any(e.startswith(f"表「{SHEET}」单元格 {total_cell}：") for e in entry.changes["errors"])


def test_the_web_form_shows_both_on_their_fields(pc, client):
    response = client.post(reverse("reporting:file", args=["pc_quarterly", "2026Q1"]), _bad())
    assert response.status_code == 200
    form = response.context["form"]
    assert "new_investments_count" in form.errors and "funding_total_avg" in form.errors
    assert form.errors["funding_total_avg"] == [f"{FUNDING_SUM_ZH}（涉及：{'、'.join(FUNDING_READS)}）"]
    assert "三笔" in form.errors["new_investments_count"][0]
    # Listed at the top too, each linking to its field further down the long form.
    summary = response.content.decode().split('id="error-summary"')[1].split("</ul>")[0]
    assert '<a href="#id_new_investments_count">' in summary and '<a href="#id_funding_total_avg">' in summary
    assert not Submission.objects.exists()


def test_the_api_answers_both_in_one_422(pc, client):
    inst, user = pc
    response = api_file(client, token_for(user), "2026Q1", _bad())
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(fields) == {"new_investments_count", "funding_total_avg"}
    assert fields["funding_total_avg"] == f"{FUNDING_SUM_ZH}（涉及：{'、'.join(FUNDING_READS)}）"
