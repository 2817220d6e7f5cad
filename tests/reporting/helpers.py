"""Valid figures (万元) of the private-capital and the financing guarantee quarterly reports,
adjustable per test, and a helper that files the latter."""

import datetime
from decimal import Decimal

from finsup.reporting import services
from finsup.reporting.periods import Period
from tests import factories as f

Q1_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2_2026 = Period(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def pc_institution(username: str):
    """A private capital manager in Lanshan, licensed since 2018, and its user `username`."""
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
    )
    return inst, f.make_user(username, "institution", institution=inst)


def pc_figures(**changes) -> dict:
    figures = {
        "registered_capital_avg": "10000",
        "equity_investment_avg": "3000",
        "debt_investment_avg": "5000",
        "short_term_investment_avg": "1000",
        "investment_total": "9000",
        "agri_small_investment": "6000",
        "single_project_investment_max": "2000",
        "single_enterprise_financing_max": "2000",
        "related_party_investment": "500",
        "new_investments_count": "3",
        "new_investments_amount": "1500",
        "prohibited_trading_balance": "0",
        "bank_funding_avg": "5000",
        "directed_placement_avg": "0",
        "other_funding_avg": "0",
        "funding_total_avg": "5000",
        "shareholder_loans_avg": "0",
        "preferred_shareholder_avg": "0",
        "placements_count": "0",
        "placement_amount": "0",
        "provisions_held": "200",
        "provisions_required": "180",
    }
    figures.update({k: str(v) for k, v in changes.items()})
    return figures


# An impossible-figure rule for the private capital report, blocking (active unless the text appended
# to it says otherwise): new investment amounts with no new investment.
COUNTING_RULE_ZH = "未新增投资的，本季新增投资金额应为零。"
COUNTING_RULE = f"""
[[rules]]
id = "pc_new_investments_counted"
report = "pc_quarterly"
description_zh = "{COUNTING_RULE_ZH}"
description_en = "No new investment means no amount newly invested."
formula = "new_investments_amount"
comparator = "="
threshold = 0
applies_when = "new_investments_count = 0"
severity = "warning"
status_of_source = "V"
citation = {{ document = "山东省地方金融条例", article = "第四十条" }}
effective_from = 2016-07-01
enforcement = "blocking"
"""


# The financing guarantee quarterly statement declares a continuity link: the outstanding at the
# start of a quarter is the outstanding at the end of the previous one (0.01 万元 tolerated).
GS_CONTINUITY_ZH = "期初在保余额应等于上季末在保余额。"
GS_CONTINUITY_EN = "Outstanding at start must equal last quarter's end."


def gs_figures(*, start: str, end: str, **changes) -> dict:
    """Valid financing guarantee quarterly figures (万元, version 2 of 2018) for a quarter that opens
    with `start` and closes with `end` guaranteed outstanding; every identity of the report holds."""
    released = Decimal("10000")
    opening, closing = Decimal(start), Decimal(end)
    figures = {
        "capital_paid_in": "20000",
        "total_assets": "30000",
        "net_assets": "25000",
        "other_investments": "0",
        "outstanding_start": start,
        "issued_quarter": str(closing - opening + released),
        "released_quarter": str(released),
        "outstanding_end": end,
        "outstanding_loans": str(closing - 30000),
        "outstanding_bonds": "0",
        "outstanding_other_financing": "20000",
        "outstanding_nonfinancing": "10000",
        "outstanding_clients": "120",
        "guarantee_liability_balance": "100000",
        "small_agri_share_prior_year": "0.6",
        "single_party_max": "2000",
        "single_party_group_max": "3000",
        "single_bond_max": "0",
        "guarantees_to_controlling_shareholder": "0",
        "prohibited_business_balance": "0",
        "unearned_reserve": "500",
        "compensation_reserve": "1000",
        "general_risk_reserve": "300",
        "guarantee_fee_income_ytd": "1500",
        "compensation_ytd": "100",
        "compensation_cumulative": "500",
        "losses_cumulative": "50",
        "recoveries_cumulative": "150",
        "compensation_balance": "300",
        "assets_tier1": "15000",
        "assets_tier2": "10000",
        "assets_tier3": "4700",
        "compensation_receivable": "300",
    }
    figures.update({k: str(v) for k, v in changes.items()})
    return figures


def file_gs(clerk, period: Period, *, start: str, end: str, reason: str = "", **changes):
    """Files the guarantee quarterly statement of the clerk's institution through the service of
    every single-filing channel (web form, Excel, API)."""
    return services.submission_file(
        by=clerk,
        institution=clerk.institution,
        report_code="gs_quarterly",
        period=period,
        raw=gs_figures(start=start, end=end, **changes),
        channel="web",
        correction_reason=reason,
    )
