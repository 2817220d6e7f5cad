"""Excel export of the registry: jurisdiction, filters, layout of the file and its audit entry."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finsup.audit.models import AuditEntry
from finsup.institutions.excel_export import EXPORT_COLUMNS, TITLES
from tests import factories as f

URL = "/institutions/export.xlsx"
HEADER = [
    "统一社会信用代码",
    "名称",
    "类型",
    "所属县区",
    "注册资本（元）",
    "实缴资本（元）",
    "成立日期",
    "批准日期",
    "批准文号",
    "状态",
    "法定代表人",
    "地址",
    "联系电话",
    "主监管员",
    "主监管员报备日期",
    "核准经营区域",
]


def export(client, query: str = ""):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content)).active


def names(ws) -> set[str]:
    return {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}


def test_the_layout_matches_the_documented_columns():
    assert [c.title for c in EXPORT_COLUMNS] == HEADER
    assert set(TITLES.values()) == set(HEADER)


def test_county_user_exports_only_its_county(world, client_for):
    ws = export(client_for(world.lanshan["inspector"]))
    assert [c.value for c in ws[1]] == HEADER
    assert names(ws) == {world.inst_lanshan.name}


def test_city_user_exports_every_county(world, client_for):
    ws = export(client_for(world.city["inspector"]))
    assert names(ws) == {world.inst_lanshan.name, world.inst_luozhuang.name}


def test_cells_are_typed_and_formatted(world, client_for):
    inst = world.inst_lanshan
    inst.lead_supervisor, inst.lead_supervisor_filed_on = world.lanshan["lead_supervisor"], datetime.date(2020, 6, 1)
    inst.paid_in_capital = Decimal("80000000.55")
    inst.save()
    inst.business_region.add(f.office("371311"))
    ws = export(client_for(world.lanshan["clerk"]))
    row = {title: cell for title, cell in zip(HEADER, ws[2], strict=True)}

    assert row["统一社会信用代码"].value == inst.credit_code
    assert row["类型"].value == "小额贷款公司" and row["状态"].value == "营业"
    assert row["所属县区"].value == "兰山区"
    assert row["实缴资本（元）"].value == pytest.approx(80000000.55)
    assert row["实缴资本（元）"].number_format == "#,##0.00"
    assert row["成立日期"].value == datetime.datetime(2015, 3, 1) and row["成立日期"].is_date
    assert row["主监管员"].value == "lanshan_lead_supervisor"
    assert row["主监管员报备日期"].value == datetime.datetime(2020, 6, 1)
    assert row["核准经营区域"].value == "兰山区、罗庄区"
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    assert ws.column_dimensions["B"].width > 20


def test_filters_are_those_of_the_list(world, client_for):
    other = f.make_institution("371302", kind="guarantee", name="兰山某某融资担保有限公司", status="suspended")
    client = client_for(world.city["clerk"])
    assert names(export(client, "?kind=guarantee")) == {other.name}
    assert names(export(client, "?county=371311")) == {world.inst_luozhuang.name}
    assert names(export(client, "?status=suspended")) == {other.name}
    assert names(export(client, f"?q={other.credit_code[-6:]}")) == {other.name}
    assert names(export(client, "?q=融资担保&county=371302")) == {other.name}


def test_the_export_is_audited_with_its_rows_and_filters(world, client_for):
    user = world.city["inspector"]
    export(client_for(user), "?county=371302&q=")
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == user and entry.object_type == "institutions.institution"
    assert entry.changes == {"rows": 1, "filters": {"county": "371302"}}
    assert entry.office_path == user.office.path


def test_text_that_looks_like_a_formula_stays_text(world, client_for):
    f.make_institution("371302", name='=HYPERLINK("http://example.com","点我")')
    ws = export(client_for(world.lanshan["clerk"]), "?q=HYPERLINK")
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("=HYPERLINK")


def test_institution_users_get_404_and_nothing_is_recorded(world, client_for):
    assert client_for(world.clerk_lanshan_inst).get(URL).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url
