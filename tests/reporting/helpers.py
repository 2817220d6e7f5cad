"""Valid private-capital quarterly figures (万元), adjustable per test."""

import datetime

from finsup.reporting.periods import Period

Q1_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2_2026 = Period(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


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
