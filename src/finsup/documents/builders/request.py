"""The request (请示) to the superior office, in the form GB/T 9704-2012 and the 党政机关公文处理
工作条例 (第十五条) set: one superior office as addressee, one matter, the title 关于…的请示, the
body closing with 妥否，请批示。, the signer beside the number and the contact person with a
telephone number in a note (附注) under the date."""

from __future__ import annotations

from .. import layout
from .common import Sheet, numbered, sign

CLOSING = "妥否，请批示。"


def request(doc, sheet: Sheet) -> None:
    for fact in sheet.get("facts"):
        layout.body(doc, fact)
    basis = f"根据{_strip(sheet.get('basis'))}，" if sheet.get("basis") else ""
    layout.body(doc, f"{basis}我办意见如下：")
    numbered(doc, sheet.get("proposal"))
    if sheet.get("forward_to"):
        layout.body(doc, f"如无不妥，请审核后转报{sheet.get('forward_to')}。")
    layout.body(doc, CLOSING)
    if sheet.get("attachments"):
        layout.blank(doc)
        items = sheet.get("attachments")
        if len(items) == 1:
            layout.body(doc, f"附件：{items[0]}")
        else:
            for i, item in enumerate(items, 1):
                layout.body(doc, f"{'附件：' if i == 1 else '　　　'}{i}．{item}")
    sign(doc, sheet)
    phone = f"，联系电话：{sheet.get('phone')}" if sheet.get("phone") else ""
    note = layout.body(doc, f"（联系人：{sheet.get('contact')}{phone}）")
    note.paragraph_format.keep_together = True  # the note (附注) under the date, whole


def _strip(text: str) -> str:
    return text.strip().rstrip("。；;.")
