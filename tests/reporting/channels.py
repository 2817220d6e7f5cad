"""Filing the same figures through each channel: the web form, the Excel template, the API."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from finsup.accounts.tokens import api_token_create
from tests import factories as f

REPORT = "pc_quarterly"
SHEET = "民间资本管理机构季度监管报表"


def pc_institution(username: str):
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        name=f"兰山区{username}民间资本管理股份有限公司",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    return inst, f.make_user(username, "institution", institution=inst)


def download_template(client, period_label: str, report: str = REPORT) -> bytes:
    response = client.get(reverse("reporting:excel_template", args=[report, period_label]))
    assert response.status_code == 200, response.status_code
    return response.content


def field_rows(wb) -> dict[str, int]:
    meta = wb["_meta"]
    return {r[0]: r[1] for r in meta.iter_rows(min_row=9, max_col=2, values_only=True) if r[0]}


def fill(content: bytes, values: dict, **cells) -> bytes:
    """The template with `values` (field id → entered text) typed into the value cells as numbers,
    and any other `cells` (e.g. B3="…") overwritten, as a user would in Excel."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    rows = field_rows(wb)
    for field_id, value in values.items():
        number = Decimal(str(value))
        ws[f"D{rows[field_id]}"] = int(number) if number == number.to_integral_value() else number
    for coordinate, value in cells.items():
        ws[coordinate] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "filing.xlsx", reason: str = ""):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("reporting:excel_upload"), {"file": file, "correction_reason": reason})


def token_for(user) -> str:
    return api_token_create(by=user, name="core system")[1]


def api_file(client, token: str, period_label: str, values: dict, report: str = REPORT, **extra):
    body = {"report": report, "period": period_label, "values": values, **extra}
    return client.post(
        "/api/v1/filings", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
