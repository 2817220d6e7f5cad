"""The documents of an on-site inspection, in the order the procedure produces them."""

from __future__ import annotations

from .. import layout
from .common import (
    DATE_PLACEHOLDER,
    SIGN_LINE,
    Sheet,
    date_zh,
    findings_list,
    heading,
    numbered,
    sign,
    signature_lines,
    span_zh,
    team_text,
)

DEFAULT_BASIS = "《山东省地方金融条例》等有关规定"
DEFAULT_MATERIALS = [
    "指定专人负责与检查组联络",
    "如实提供检查所需的账簿、凭证、合同、报表和其他资料",
    "为检查组提供必要的工作场所和条件",
]
REPORT_TO = "请你公司于{deadline}前将整改情况书面报告我办，并附相关证明材料。"
ESCALATION = "逾期未整改或整改不到位的，我办将依法采取进一步监管措施。"


def _kind(sheet: Sheet) -> str:
    return sheet.get("inspection_kind") or "现场检查"


def _when(sheet: Sheet) -> str:
    return span_zh(sheet.get("start_date"), sheet.get("end_date"))


def inspection_notice(doc, sheet: Sheet) -> None:
    basis = sheet.get("legal_basis") or DEFAULT_BASIS
    layout.body(
        doc,
        f"根据{basis}，我办决定于{_when(sheet)}对你公司{sheet.get('scope').rstrip('。')}进行{_kind(sheet)}。"
        + (f"检查期间为{sheet.get('period').rstrip('。')}。" if sheet.get("period") else ""),
    )
    layout.body(doc, f"检查组{team_text(sheet.get('team'))}检查人员将出示有效证件。")
    layout.body(doc, "请你公司做好以下准备工作：")
    numbered(doc, sheet.get("materials") or DEFAULT_MATERIALS)
    if sheet.get("contact"):
        layout.body(doc, f"联系人：{sheet.get('contact')}")
    sign(doc, sheet)


def fact_confirmation(doc, sheet: Sheet) -> None:
    layout.body(doc, f"{_when(sheet)}，我办检查组对你公司进行了{_kind(sheet)}。经检查，确认以下事实：")
    numbered(doc, sheet.get("facts"))
    # From here to the date: the request, the institution's opinion, the signatures and the seal on one page.
    closing = len(doc.paragraphs)
    layout.body(doc, "以上事实经检查组与被检查机构核对。被检查机构如有异议，请在下方写明意见并附证明材料。")
    layout.body(doc, "被检查机构意见：", indent_chars=0)
    layout.blank(doc, 3)
    signature_lines(
        doc,
        [
            f"被检查机构负责人（签字）：{SIGN_LINE}",
            "（被检查机构盖章）",
            f"日期：{DATE_PLACEHOLDER}",
            f"检查组组长（签字）：{SIGN_LINE}",
            f"检查人员（签字）：{SIGN_LINE}",
        ],
    )
    sign(doc, sheet, keep_from=closing)


def findings(doc, sheet: Sheet) -> None:
    layout.body(doc, f"{_when(sheet)}，我办对你公司进行了{_kind(sheet)}。现将检查发现的问题及评价告知如下：")
    heading(doc, 1, "检查发现的问题")
    findings_list(doc, sheet.get("findings"))
    heading(doc, 2, "检查评价")
    layout.body(doc, sheet.get("assessment"))
    sign(doc, sheet)


def inspection_report(doc, sheet: Sheet) -> None:
    basis = sheet.get("legal_basis") or DEFAULT_BASIS
    layout.body(
        doc,
        f"根据{basis}，检查组于{_when(sheet)}对{sheet.institution}进行了{_kind(sheet)}。"
        f"检查组{team_text(sheet.get('team'))}现将检查情况报告如下：",
    )
    sections = [
        ("检查范围", [sheet.get("scope")]),
        ("机构基本情况", [sheet.get("overview")]),
        ("发现的问题", None),
        ("检查评价", [sheet.get("assessment")]),
    ]
    if sheet.get("recommendations"):
        sections.append(("处理意见和建议", sheet.get("recommendations")))
    for n, (title, paragraphs) in enumerate(sections, 1):
        heading(doc, n, title)
        if paragraphs is None:
            findings_list(doc, sheet.get("findings"))
        elif title == "处理意见和建议":
            numbered(doc, paragraphs)
        else:
            for text in paragraphs:
                layout.body(doc, text)
    sign(doc, sheet)


def opinion_letter(doc, sheet: Sheet) -> None:
    basis = f"根据{sheet.get('legal_basis')}，" if sheet.get("legal_basis") else ""
    layout.body(doc, f"{_when(sheet)}，我办对你公司进行了{_kind(sheet)}。{basis}现将检查意见告知如下：")
    heading(doc, 1, "检查发现的问题")
    findings_list(doc, sheet.get("findings"))
    heading(doc, 2, "整改要求")
    numbered(doc, sheet.get("requirements"))
    layout.body(doc, REPORT_TO.format(deadline=date_zh(sheet.get("deadline"))) + ESCALATION)
    sign(doc, sheet)


def rectification_notice(doc, sheet: Sheet) -> None:
    layout.body(doc, "经查，你公司存在以下问题：")
    findings_list(doc, sheet.get("findings"))
    basis = sheet.get("basis") or "有关规定"
    layout.body(doc, f"根据{basis}，现责令你公司对上述问题进行整改。")
    if sheet.get("requirements"):
        numbered(doc, sheet.get("requirements"))
    layout.body(doc, REPORT_TO.format(deadline=date_zh(sheet.get("deadline"))) + ESCALATION)
    sign(doc, sheet)
