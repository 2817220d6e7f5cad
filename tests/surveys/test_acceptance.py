"""Issue 18's acceptance for special surveys: a survey sent by the city to three institutions,
answered by Excel by one, by API by one, missing from the third (reminded, then overdue on the work
queues), consolidated into one workbook whose figures are read back with openpyxl."""

import datetime
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from finsup.accounts.tokens import api_token_create
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for
from finsup.surveys import services
from finsup.surveys.models import SurveyAnswer
from finsup.surveys.reminders import remind_surveys

from .conftest import CHECKS, DEADLINE, FIELDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fill(content: bytes, values: dict) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb[wb.sheetnames[0]]
    rows = {r[0]: r[1] for r in wb["_meta"].iter_rows(min_row=4, values_only=True)}
    for field_id, value in values.items():
        ws[f"D{rows[field_id]}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, recipient, content: bytes, **extra):
    file = SimpleUploadedFile("调查.xlsx", content, content_type=XLSX)
    return client.post(f"/surveys/requests/{recipient.pk}/upload/", {"file": file, **extra})


def test_city_survey_to_three_institutions(three, clock_at, client):
    w = three
    city = w.city["clerk"]
    # The city defines the survey through its page and sends it.
    client.force_login(city)
    body = {
        "title": "小额贷款公司涉农贷款专项调查",
        "basis": "《山东省地方金融条例》第三十八条；了解涉农贷款投放。",
        "deadline": DEADLINE.isoformat(),
        "institutions": [str(w.inst_lanshan.pk), str(w.inst_luozhuang.pk), str(w.inst_third.pk)],
    }
    for n, item in enumerate(FIELDS):
        for key, value in item.items():
            if value is not False:
                body[f"f-{n}-{key}"] = "1" if value is True else value
    body["c-0-expr"], body["c-0-message_zh"] = CHECKS[0]["expr"], CHECKS[0]["message_zh"]
    response = client.post("/surveys/new/", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey_url = response["Location"]
    assert client.post(f"{survey_url}send/").status_code == 302
    survey = w.city["clerk"].office.surveys.get()
    excel_row = survey.recipients.get(institution=w.inst_lanshan)
    api_row = survey.recipients.get(institution=w.inst_luozhuang)
    missing_row = survey.recipients.get(institution=w.inst_third)

    # 1. The Lanshan institution answers by Excel; a wrong workbook first: every error with its cell.
    client.force_login(w.clerk_lanshan_inst)
    template = client.get(f"/surveys/requests/{excel_row.pk}/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    bad = _fill(template.content, {"loans_balance": 100, "loans_agri": 300, "borrowers": "许多"})
    refused = _upload(client, excel_row, bad)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "表「调查表」单元格 D9" in page  # the count that is not a number
    assert "涉农贷款不能大于贷款余额" in page and "D8" in page  # the check, on the figure it points at
    assert not SurveyAnswer.objects.filter(recipient=excel_row).exists()
    good = _fill(template.content, {"loans_balance": 12345.67, "loans_agri": 2000, "borrowers": 321, "avg_rate": 15.4})
    assert _upload(client, excel_row, good).status_code == 302
    assert excel_row.answers.get().channel == "excel"

    # 2. The Luozhuang institution answers by API with its token.
    token = api_token_create(by=w.clerk_luozhuang_inst, name="业务系统")[1]
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get("/api/v1/surveys", **auth).json()
    assert [r["id"] for r in listed] == [api_row.pk] and listed[0]["fields"][0]["unit_zh"] == "万元"
    payload = {"values": {"loans_balance": 6543.21, "loans_agri": "1000.5", "borrowers": 79}}
    answered = client.post(
        f"/api/v1/surveys/{api_row.pk}/answers", json.dumps(payload), content_type="application/json", **auth
    )
    assert answered.status_code == 201, answered.content
    assert answered.json()["values"]["loans_balance"] == "65432100.00"
    other = client.post(
        f"/api/v1/surveys/{excel_row.pk}/answers", json.dumps(payload), content_type="application/json", **auth
    )
    assert other.status_code == 404  # another institution's survey does not exist for this one

    # 3. The third does not answer: reminded before the deadline, then overdue on both work queues.
    assert remind_surveys(as_of=datetime.date(2026, 11, 7)) == 1
    assert Notification.objects.filter(user=w.clerk_third_inst, key=f"survey:{missing_row.pk}:due").exists()
    clock_at(datetime.datetime(2026, 11, 11, 2, tzinfo=datetime.UTC))
    remind_surveys()
    assert Notification.objects.filter(user=w.clerk_third_inst, key=f"survey:{missing_row.pk}:overdue").exists()
    assert {i.label: i.overdue for i in waiting_for(city)}["专项调查逾期未报"] == 1
    assert {i.label: i.overdue for i in waiting_for(w.clerk_third_inst)}["待填报的专项调查"] == 1
    assert "待填报的专项调查" not in {i.label for i in waiting_for(w.clerk_lanshan_inst)}

    # 4. The city consolidates every answer into one workbook.
    client.force_login(city)
    page = client.get(survey_url).content.decode()
    assert "逾期未报" in page and "18,888.88 万元" in page
    export = client.get(f"{survey_url}answers.xlsx")
    assert export.status_code == 200 and export["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(export.content))
    assert wb.sheetnames == ["汇总", "明细"]
    totals = {row[0]: row for row in wb["汇总"].iter_rows(min_row=6, values_only=True)}
    assert totals["贷款余额"][1] == "万元" and totals["贷款余额"][2] == 2
    assert round(totals["贷款余额"][3], 2) == 18888.88
    assert totals["借款户数"][3] == 400
    assert round(totals["平均年化利率"][4], 2) == 15.4
    detail = list(wb["明细"].iter_rows(values_only=True))
    assert detail[0][:3] == ("报送单位", "转发单位", "状态") and "贷款余额（万元）" in detail[0]
    by_name = {row[0]: row for row in detail[1:]}
    col = detail[0].index("贷款余额（万元）")
    assert round(by_name[w.inst_lanshan.name][col], 2) == 12345.67
    assert by_name[w.inst_third.name][2] == "逾期未报" and by_name[w.inst_third.name][col] is None
    # The city's own answer page of an institution is read-only for it.
    assert "answer-form" not in client.get(f"/surveys/requests/{missing_row.pk}/").content.decode()
    assert services.may_answer(w.clerk_third_inst, missing_row)
