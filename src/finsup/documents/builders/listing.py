"""The office's opinion (审核意见) on a company applying to issue shares (duty ⑮: 根据市政府授权，
对拟上市企业发行股票提出审核意见), a letter to the securities regulator: the company, what the
office found of it, and its opinion."""

from __future__ import annotations

from .. import layout
from .common import Sheet, numbered, sign


def listing_opinion(doc, sheet: Sheet) -> None:
    code = f"（统一社会信用代码：{sheet.get('credit_code')}）" if sheet.get("credit_code") else ""
    sponsor = f"，保荐机构为{sheet.get('sponsor')}" if sheet.get("sponsor") else ""
    layout.body(
        doc,
        f"{sheet.get('company_name')}{code}拟申请{sheet.get('offering')}{sponsor}。"
        "根据市政府授权，我办对该公司有关情况进行了审核，现将有关情况和审核意见函告如下：",
    )
    numbered(doc, sheet.get("facts"))
    layout.body(doc, f"审核意见：{sheet.get('opinion')}")
    if sheet.get("contact"):
        layout.body(doc, f"联系人：{sheet.get('contact')}")
    sign(doc, sheet)
