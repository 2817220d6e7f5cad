"""Executive interviews (监管约谈): the notice to the institution and the memo of the interview."""

from __future__ import annotations

from .. import layout
from .common import SIGN_LINE, Sheet, datetime_zh, heading, names, numbered, person_text, sign, signature_lines


def interview_notice(doc, sheet: Sheet) -> None:
    people = "、".join(person_text(p) for p in sheet.get("interviewees"))
    layout.body(doc, f"根据监管工作需要，我办决定约谈你公司{people}。约谈事由如下：")
    numbered(doc, sheet.get("reasons"))
    layout.body(doc, f"约谈时间：{datetime_zh(sheet.get('date_time'))}")
    layout.body(doc, f"约谈地点：{sheet.get('place')}")
    if sheet.get("lead_interviewer"):
        layout.body(doc, f"约谈人：{sheet.get('lead_interviewer')}")
    if sheet.get("materials"):
        layout.body(doc, "请被约谈人携带以下材料：")
        numbered(doc, sheet.get("materials"))
    layout.body(doc, "请被约谈人准时参加，无正当理由不得拒绝、推诿或委托他人参加。")
    if sheet.get("contact"):
        layout.body(doc, f"联系人：{sheet.get('contact')}")
    sign(doc, sheet)


def interview_memo(doc, sheet: Sheet) -> None:
    for label, value in (
        ("被约谈机构", sheet.institution),
        ("约谈时间", datetime_zh(sheet.get("date_time"))),
        ("约谈地点", sheet.get("place")),
        ("约谈人", names(sheet.get("interviewers"))),
        ("记录人", sheet.get("recorder")),
        ("被约谈人", "、".join(person_text(p) for p in sheet.get("interviewees"))),
    ):
        layout.body(doc, f"{label}：{value}", indent_chars=0)
    heading(doc, 1, "约谈内容")
    for text in sheet.get("content"):
        layout.body(doc, text)
    if sheet.get("requirements"):
        heading(doc, 2, "监管要求")
        numbered(doc, sheet.get("requirements"))
    closing = len(doc.paragraphs) - 1  # the last line of the memo, the signatures and the seal: one page
    layout.blank(doc)
    signature_lines(
        doc,
        [f"被约谈人（签字）：{SIGN_LINE}", f"约谈人（签字）：{SIGN_LINE}", f"记录人（签字）：{SIGN_LINE}"],
    )
    sign(doc, sheet, keep_from=closing)
