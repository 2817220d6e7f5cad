"""The slips a reporting clerk makes that pass the form's checks but not a supervisor's eye: an
extra digit, an item booked in the wrong line, a year-to-date figure in a monthly box. The demo
files them first, then the correction (after the county returned the filing, or on the
institution's own initiative). Each slip keeps every identity of the report."""

from __future__ import annotations

import random

from .filings_money import scale


def _borrowers(rng, f):
    wrong = dict(f, borrowers_count=f["borrowers_count"] * 10)
    return (
        wrong,
        f"贷款余额户数多录一位，更正为{f['borrowers_count']}户。",
        "贷款余额户数较上月异常增加，请核实后重新报送。",
    )


def _other_income(rng, f):
    shift = scale(f["interest_income_ytd"], rng.uniform(0.02, 0.04))
    wrong = dict(
        f,
        other_income_ytd=f["other_income_ytd"] + shift,
        non_operating_net_ytd=f["non_operating_net_ytd"] - shift,
    )
    return wrong, "营业外收支误列其他业务收入，已调整科目。", "其他业务收入较上月大幅增加，请核实科目归属。"


def _overdue(rng, f):
    wrong = dict(f, overdue_loans=f["overdue_over_90_days"])
    return (
        wrong,
        "逾期贷款余额漏报逾期90天以内部分，已补报。",
        "逾期贷款余额与关注类贷款不匹配，请核实逾期90天以内的贷款。",
    )


def _clients(rng, f):
    wrong = dict(f, outstanding_clients=max(1, int(f["outstanding_clients"] * 0.8)))
    return wrong, "在保户数漏计非融资担保客户，已更正。", "在保户数与在保余额变动不符，请核实。"


def _audit_date(rng, f):
    day = f["audit_report_date"]
    wrong = dict(f, audit_report_date=day.replace(year=day.year - 1))
    return wrong, "审计报告日期年份填写有误，已更正。", "审计报告日期早于会计年度结束日，请核实。"


def _new_investments(rng, f):
    wrong = dict(f, new_investments_count=f["new_investments_count"] + rng.randint(3, 8))
    return wrong, "本季新增投资笔数误含续投项目，已更正。", "新增投资笔数与新增投资金额不匹配，请核实。"


def _fee_income(rng, f):
    wrong = dict(f, fee_income=scale(f["fee_income"], rng.uniform(6, 11)))
    return (
        wrong,
        "本月服务费收入误填为本年累计数，已更正为本月数。",
        "本月服务费收入明显偏高，请核实是否填报为累计数。",
    )


SLIPS = {
    "ml_monthly_business": _borrowers,
    "ml_monthly_financial": _other_income,
    "ml_monthly_funding": _overdue,
    "gs_quarterly": _clients,
    "gs_annual": _audit_date,
    "pc_quarterly": _new_investments,
    "lr_monthly": _fee_income,
}


def slip(rng: random.Random, report_code: str, figures: dict) -> tuple[dict, str, str]:
    """(the figures as first filed, the reason of the correction, the county's reason to return)."""
    return SLIPS[report_code](rng, figures)
