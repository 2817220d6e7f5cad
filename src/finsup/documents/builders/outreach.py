"""The outreach campaign's summary report (宣传活动总结报告), an upward document to the superior office."""

from __future__ import annotations

from .. import layout
from .common import Sheet, heading, numbered, sign, span_zh


def outreach_report(doc, sheet: Sheet) -> None:
    when = span_zh(sheet.get("start_date"), sheet.get("end_date"))
    theme = f"，主题为“{sheet.get('theme')}”" if sheet.get("theme") else ""
    layout.body(
        doc,
        f"按照上级部署，我办于{when}组织开展了{sheet.get('year')}年{sheet.get('campaign')}{theme}。"
        "现将活动开展情况报告如下：",
    )
    sections = [("总体情况", None)]
    if sheet.get("offices"):
        sections.append(("各地开展情况", sheet.get("offices")))
    if sheet.get("channels"):
        sections.append(("宣传渠道", sheet.get("channels")))
    for n, (title, lines) in enumerate(sections, 1):
        heading(doc, n, title)
        if lines is None:
            layout.body(doc, "活动期间，" + "，".join(sheet.get("figures")) + "。")
        else:
            numbered(doc, lines)
    if sheet.get("summary"):
        heading(doc, len(sections) + 1, "工作总结")
        for text in sheet.get("summary"):
            layout.body(doc, text)
    layout.body(doc, "特此报告。")
    sign(doc, sheet)
