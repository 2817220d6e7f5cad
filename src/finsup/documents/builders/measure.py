"""Supervisory measure decisions (监管措施决定书)."""

from __future__ import annotations

from .. import layout
from .common import Sheet, date_zh, numbered, sign

DEFAULT_REMEDY = (
    "你公司如对本决定不服，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。复议和诉讼期间，本决定不停止执行。"
)


def measure_decision(doc, sheet: Sheet) -> None:
    layout.body(doc, "经查，你公司存在以下违规事实：")
    numbered(doc, sheet.get("facts"))
    measure = sheet.get("measure").rstrip("。")
    layout.body(doc, f"依据{sheet.get('basis').rstrip('。')}，我办决定对你公司采取以下监管措施：{measure}。")
    layout.body(doc, sheet.get("decision"))
    if sheet.get("fine"):
        basis = sheet.get("penalty_basis")
        layout.body(doc, f"依据{basis}，我办决定对你公司处以罚款{sheet.get('fine')}。")
    if sheet.get("deadline"):
        layout.body(doc, f"请你公司于{date_zh(sheet.get('deadline'))}前执行完毕，并将执行情况书面报告我办。")
    layout.body(doc, sheet.get("remedy") or DEFAULT_REMEDY)
    sign(doc, sheet)
