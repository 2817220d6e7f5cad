"""What every builder shares: the sheet (what is known of the document), the head and the end
of the page, and the wording of dates, people and findings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .. import layout
from ..choices import UPWARD_KINDS, DocumentKind

NUMERALS = "一二三四五六七八九十"
DATE_PLACEHOLDER = "　　年　　月　　日"
SIGN_LINE = "＿＿＿＿＿＿＿＿"
# Internal records: no addressee unless the context names one.
NO_ADDRESSEE = {
    DocumentKind.INSPECTION_REPORT,
    DocumentKind.INTERVIEW_MEMO,
    DocumentKind.PENALTY_CASE_APPROVAL,
    DocumentKind.PENALTY_STATEMENT_RECORD,
    DocumentKind.PENALTY_HEARING_RECORD,
    DocumentKind.PENALTY_DECISION,  # 第五十九条: the party is named in the text (当事人：…)
    DocumentKind.PENALTY_SERVICE_RECEIPT,
}
# Upward documents (上行文): the number on the left and the signer on the right (GB/T 9704 7.2.4).


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str
    issuer: str  # the issuing office's full name
    number: str  # 临金办检〔2026〕12号, or 临金办检〔 〕号 for a draft
    institution: str
    date: datetime.date | None  # 成文日期: the day the document became final; None for a draft
    context: dict = field(default_factory=dict)
    signer: str = ""  # the leader who signed it off (签发人, printed on a document sent up); "" for a draft

    @property
    def addressee(self) -> str:
        default = "" if self.kind in NO_ADDRESSEE else self.institution
        return self.context.get("addressee", default)

    def get(self, key: str, default=None):
        return self.context.get(key, default)


def start(sheet: Sheet):
    doc = layout.new_document()
    layout.head(doc, issuer=sheet.issuer, number=sheet.number, upward=sheet.kind in UPWARD_KINDS, signer=sheet.signer)
    addressee = f"{sheet.addressee}：" if sheet.addressee else ""
    layout.title(doc, sheet.title, addressee=addressee)
    return doc


def finish(doc, sheet: Sheet) -> bytes:
    """The 版记 of every kind (抄送 when the context has "cc"; the issuing office prints it on the
    document's date), then the page numbers."""
    layout.imprint(doc, cc=sheet.get("cc") or [], printer=sheet.issuer, printed=issued(sheet))
    return layout.to_bytes(doc, title=sheet.title, author=sheet.issuer)


def issued(sheet: Sheet) -> str:
    return date_zh(sheet.date) if sheet.date else DATE_PLACEHOLDER


def sign(doc, sheet: Sheet, *, keep_from: int | None = None) -> None:
    """The issuing office and the date, on one page with the text they close (from the paragraph
    at `keep_from`, e.g. the lines signed by hand before them; default: the last paragraph)."""
    layout.signature(doc, office=sheet.issuer, date=issued(sheet), keep_from=keep_from)


def date_zh(value) -> str:
    """GB/T 9704-2012 7.3.5.1: the date in Arabic numerals with 年月日, no leading zeros."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def datetime_zh(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:  # a date alone
        return date_zh(moment.date())
    return f"{date_zh(moment.date())}{moment.hour}时{moment.minute:02d}分"


def span_zh(start: str, end: str) -> str:
    """2026年11月10日至14日 / 2026年11月10日至12月2日 / 2026年12月28日至2027年1月5日."""
    a, b = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if a == b:
        return date_zh(a)
    if a.year != b.year:
        return f"{date_zh(a)}至{date_zh(b)}"
    if a.month != b.month:
        return f"{date_zh(a)}至{b.month}月{b.day}日"
    return f"{date_zh(a)}至{b.day}日"


def names(people: list[dict]) -> str:
    return "、".join(p["name"] for p in people)


def team_text(people: list[dict]) -> str:
    """检查组组长：张三；成员：李四、王五。 (those whose role says 组长 lead; else the first)."""
    leaders = [p for p in people if "组长" in p.get("role", "") and "副" not in p.get("role", "")]
    leader = leaders[0] if leaders else people[0]
    members = [p for p in people if p is not leader]
    text = f"组长：{leader['name']}"
    if members:
        text += f"；成员：{names(members)}"
    return text + "。"


def person_text(person: dict) -> str:
    return f"{person['name']}（{person['role']}）" if person.get("role") else person["name"]


def numbered(doc, items: list[str], *, style: str = "（{n}）", arabic: bool = False) -> None:
    for i, item in enumerate(items, 1):
        n = i if arabic or i > 10 else NUMERALS[i - 1]
        layout.body(doc, _sentence(item), lead=style.format(n=n))


def findings_list(doc, items: list[dict], *, none: str = "检查中未发现违规问题。") -> None:
    if not items:
        layout.body(doc, none)
        return
    for i, finding in enumerate(items, 1):
        lead = f"（{NUMERALS[i - 1] if i <= 10 else i}）{_sentence(finding['title'])}"
        parts = [_sentence(finding["description"])] if finding.get("description") else []
        if finding.get("citation"):
            parts.append(f"上述行为不符合{_strip_stop(finding['citation'])}的规定。")
        if finding.get("evidence"):
            parts.append(f"（证据：{_strip_stop(finding['evidence'])}）")
        if finding.get("deadline"):
            parts.append(f"整改期限：{date_zh(finding['deadline'])}前。")
        layout.body(doc, "".join(parts), lead=lead)


def signature_lines(doc, lines: list[str]) -> None:
    """Lines to be signed by hand: "被检查机构负责人（签字）：＿＿＿＿  日期：　年　月　日"."""
    for line in lines:
        p = layout.paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.space_before = Pt(layout.LINE_PT / 2)
        layout.run(p, line)


def heading(doc, n: int, text: str) -> None:
    layout.heading(doc, f"{NUMERALS[n - 1]}、{text}")


def _strip_stop(text: str) -> str:
    return text.rstrip("。；;.")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in "。！？；：" else text + "。"
