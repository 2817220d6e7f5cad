"""Notices of results to an institution: the rating result (分类评级结果通知书) and the annual-review
conclusion (年审结论通知书). Sections are numbered as they are present."""

from __future__ import annotations

from .. import layout
from .common import Sheet, date_zh, heading, numbered, sign

RATING_ROUNDS = "县级监管部门初评、市级复评"
RATING_CLOSE = "请你公司对照评级结果和扣分事项，认真查找问题、加强整改，持续规范经营。"
REVIEW_CLOSE = "逾期未整改或整改不到位的，我办将依法采取进一步监管措施。"


def rating_notice(doc, sheet: Sheet) -> None:
    year, scheme, level = sheet.get("year"), sheet.get("scheme"), sheet.get("level")
    rounds = sheet.get("rounds") or RATING_ROUNDS
    layout.body(doc, f"根据{scheme}，我办组织开展了{year}年度分类评级工作。经{rounds}，现将你公司评级结果通知如下：")
    n = 1
    heading(doc, n, "评级结果")
    layout.body(doc, f"你公司{year}年度分类评级综合得分为{sheet.get('score')}分，评定为{level}级。")
    n += 1
    heading(doc, n, "主要扣分事项")
    if sheet.get("deductions"):
        numbered(doc, sheet.get("deductions"))
    else:
        layout.body(doc, "各项评级指标均未扣分。")
    n += 1
    heading(doc, n, "监管安排")
    layout.body(doc, f"依据{scheme}，我办对评定为{level}级的机构采取以下监管安排：")
    numbered(doc, sheet.get("supervision"))
    if sheet.get("review_right"):
        n += 1
        heading(doc, n, "复核申请")
        layout.body(doc, sheet.get("review_right"))
    layout.body(doc, RATING_CLOSE)
    sign(doc, sheet)


def annual_review_notice(doc, sheet: Sheet) -> None:
    year, outcome = sheet.get("year"), sheet.get("outcome")
    layout.body(doc, f"根据有关监管规定，我办对你公司{year}年度经营情况进行了年审。现将年审结论通知如下：")
    n = 1
    heading(doc, n, "年审结论")
    reasons = sheet.get("reasons")
    layout.body(doc, f"你公司{year}年度年审结论为：{outcome}。" + (f"理由：{_sentence(reasons)}" if reasons else ""))
    n += 1
    heading(doc, n, "年审事项及结果")
    numbered(doc, sheet.get("items"))
    if sheet.get("issues"):
        n += 1
        heading(doc, n, "发现的问题")
        numbered(doc, sheet.get("issues"))
    if sheet.get("requirements") or sheet.get("deadline"):
        n += 1
        heading(doc, n, "整改要求")
        if sheet.get("requirements"):
            numbered(doc, sheet.get("requirements"))
        if sheet.get("deadline"):
            layout.body(
                doc,
                f"请你公司于{date_zh(sheet.get('deadline'))}前完成整改，并将整改情况书面报告我办。" + REVIEW_CLOSE,
            )
    sign(doc, sheet)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in "。！？；" else text + "。"
