"""An office's periodic supervision report (监管工作报告) to its superior office: an upward
document whose text reporting drafts (headings "一、…" and their paragraphs)."""

from __future__ import annotations

from .. import layout
from .common import sign

HEADING_MARKS = tuple(f"{n}、" for n in "一二三四五六七八九十")


def supervision_report(doc, sheet) -> None:
    layout.body(doc, sheet.get("opening"))
    for line in sheet.get("sections"):
        if line.startswith(HEADING_MARKS):
            layout.heading(doc, line)
        else:
            layout.body(doc, line)
    layout.body(doc, "特此报告。")
    sign(doc, sheet)
