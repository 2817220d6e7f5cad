"""The month's analysis document written from its figures: what a clerk would type into Word, with
the totals, the change on the month before, the non-performing ratio, the counties' shares and who
has not answered. Chinese whatever the interface language (it is an official document)."""

from __future__ import annotations

from decimal import Decimal

from finsup.core.numbers import percent, wan

ADDRESSEE = "临沂市人民政府"
NUMERALS = "一二三四五六七八九十"


def _wan(value: Decimal | None) -> str:
    return f"{wan(value)}万元" if value is not None else "未报"


def _change(now: Decimal | None, before: Decimal | None) -> str:
    if now is None or before is None:
        return ""
    diff = now - before
    word = "增加" if diff >= 0 else "减少"
    rate = (
        f"，增长{percent(diff / before)}"
        if before and diff >= 0
        else (f"，下降{percent(-diff / before)}" if before else "")
    )
    return f"，比上月{word}{wan(abs(diff))}万元{rate}"


def analysis_context(month, figures, previous) -> dict:
    label = f"{month.month.year}年{month.month.month}月"
    t = figures.total
    p = previous.total if previous is not None else (lambda g, f: None)
    sections: list[str] = []
    n = 0

    def head(text: str) -> None:
        nonlocal n
        sections.append(f"{NUMERALS[n]}、{text}")
        n += 1

    if "bank" in figures.surveys:
        head("银行业运行情况")
        deposits, loans, npl = t("bank", "deposits"), t("bank", "loans"), t("bank", "npl")
        sections.append(
            f"{label}末，全市驻临银行业机构各项存款余额{_wan(deposits)}{_change(deposits, p('bank', 'deposits'))}；"
            f"各项贷款余额{_wan(loans)}{_change(loans, p('bank', 'loans'))}；"
            f"本年新增贷款{_wan(t('bank', 'loans_new'))}。"
        )
        if loans:
            sections.append(
                f"不良贷款余额{_wan(npl)}，不良贷款率{percent((npl or Decimal(0)) / loans)}"
                + (f"；存贷比{percent(loans / deposits)}。" if deposits else "。")
            )
        if t("bank", "agri_loans") is not None or t("bank", "small_loans") is not None:
            sections.append(
                f"涉农贷款余额{_wan(t('bank', 'agri_loans'))}，普惠小微贷款余额{_wan(t('bank', 'small_loans'))}。"
            )
    if "insurer" in figures.surveys:
        head("保险业运行情况")
        premiums, claims = t("insurer", "premiums"), t("insurer", "claims")
        change = _change(premiums, p("insurer", "premiums"))
        sections.append(
            f"截至{label}末，全市驻临保险机构本年累计保费收入{_wan(premiums)}{change}；累计赔付支出{_wan(claims)}。"
        )
    if len(figures.by_county) > 1 and "bank" in figures.surveys:
        head("分县区情况")
        for county, values in figures.by_county.items():
            if ("bank", "loans") in values:
                sections.append(
                    f"{county}：各项存款余额{_wan(values.get(('bank', 'deposits')))}，"
                    f"各项贷款余额{_wan(values.get(('bank', 'loans')))}。"
                )
    missing = [r.name for r in figures.rows if r.figures is None]
    head("数据报送情况")
    sections.append(
        f"本月应报机构{figures.asked}家，已报{figures.answered}家"
        + (f"，未报：{'、'.join(missing)}。以上数据不含未报机构。" if missing else "，全部按时报送。")
    )
    return {
        "addressee": ADDRESSEE,
        "title": f"{label}全市金融运行情况分析",
        "opening": f"根据驻临金融机构报送的{label}统计数据，现将全市金融运行情况分析报告如下：",
        "sections": sections,
    }
