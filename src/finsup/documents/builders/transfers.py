"""What the office sends to another body to handle: the transfer letter (移送函) of an
accountability case to an oversight body, and the referral (移送书) of a suspected crime to the
police under 国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 (2020 revision); and the
decision (处理决定) that closes an accountability case."""

from __future__ import annotations

from .. import layout
from .common import Sheet, numbered, sign

REFERRAL_RULES = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"
# 第八条: the police decide within three days of accepting a case whether to open it, and tell the
# body that referred it in writing when they do not.
REFERRAL_ANSWER = "请你局依法审查，并将立案或者不予立案的决定书面告知我办。"
NONE_SEIZED = "本案未查封、扣押涉案物品"
NO_APPRAISAL = "本案无检验报告或者鉴定结论"


def _case_facts(doc, sheet: Sheet, *, opening: str, then: str) -> None:
    """我办…对<subject><case title>问题<opening>（案件编号：…）。<then> and the facts, numbered."""
    case = f"{sheet.get('subject')}{_strip(sheet.get('case_title'))}问题"
    layout.body(doc, opening.format(case=case) + f"（案件编号：{sheet.get('case_number')}）。{then}")
    numbered(doc, sheet.get("facts"))


def case_transfer(doc, sheet: Sheet) -> None:
    _case_facts(doc, sheet, opening="我办在履行职责中，对{case}立案调查", then="经调查，有关情况如下：")
    if sheet.get("items"):
        layout.body(doc, f"上述问题涉及我办责任清单以下事项：{'；'.join(_strip(i) for i in sheet.get('items'))}。")
    reason = _strip(sheet.get("reason"))
    layout.body(doc, f"{reason}。根据有关规定，现将该案件移送你单位依法处理，请将处理结果函告我办。")
    if sheet.get("materials"):
        layout.body(doc, "随函移送以下材料：")
        numbered(doc, sheet.get("materials"), style="{n}．", arabic=True)
    if sheet.get("contact"):
        layout.body(doc, f"联系人：{sheet.get('contact')}")
    sign(doc, sheet)


def case_decision(doc, sheet: Sheet) -> None:
    _case_facts(doc, sheet, opening="我办对{case}进行了调查", then="现查明：")
    basis = f"根据{_strip(sheet.get('basis'))}，" if sheet.get("basis") else ""
    layout.body(doc, f"{_strip(sheet.get('reasons'))}。{basis}经研究，决定如下：")
    layout.body(doc, f"{_strip(sheet.get('decision'))}。")
    if sheet.get("remedy"):
        layout.body(doc, sheet.get("remedy"))
    sign(doc, sheet)


def police_referral(doc, sheet: Sheet) -> None:
    offence = _strip(sheet.get("offence")).removeprefix("涉嫌")
    if sheet.get("found_in"):  # a matter found outside the supervision of an institution (非法集资 clues)
        opening = f"我办在{_strip(sheet.get('found_in'))}中发现，{sheet.institution}涉嫌{offence}，有关情况如下："
    else:
        opening = f"我办在对{sheet.institution}实施监督管理中发现，该公司涉嫌{offence}，有关情况如下："
    layout.body(doc, opening)
    numbered(doc, sheet.get("facts"))
    if sheet.get("measures_taken"):
        layout.body(doc, "我办已采取以下措施：")
        numbered(doc, sheet.get("measures_taken"), style="{n}．", arabic=True)
    basis = f"{_strip(sheet.get('basis'))}和" if sheet.get("basis") else ""
    layout.body(doc, f"根据{basis}{REFERRAL_RULES}第三条、第六条的规定，现将该案移送你局。{REFERRAL_ANSWER}")
    layout.body(doc, "随本移送书附送以下材料：")
    report = f"：{_strip(sheet.get('report'))}" if sheet.get("report") else ""
    layout.body(doc, f"涉嫌犯罪案件情况的调查报告{report}；", lead="（一）")
    layout.body(doc, f"涉案物品清单：{'、'.join(sheet.get('seized') or [NONE_SEIZED])}；", lead="（二）")
    layout.body(doc, f"检验报告或者鉴定结论：{'、'.join(sheet.get('appraisals') or [NO_APPRAISAL])}；", lead="（三）")
    materials = sheet.get("materials") or []
    layout.body(doc, "其他有关涉嫌犯罪的材料：" + ("" if materials else "无。"), lead="（四）")
    numbered(doc, materials, style="{n}．", arabic=True)
    if sheet.get("contact"):
        layout.body(doc, f"联系人：{sheet.get('contact')}")
    sign(doc, sheet)


def _strip(text: str) -> str:
    return text.strip().rstrip("。；;.")
