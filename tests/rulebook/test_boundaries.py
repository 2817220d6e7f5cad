"""Every rule of the rulebook at its boundary: just inside, exactly at, just outside.

The cases are written by hand from the regulation, not read from the rule files, so a wrong
formula or threshold in a file fails here. Money is in yuan. ``test_boundary`` takes the cases as
written (a base of 10,000,000); ``test_one_yuan_over_a_ratio_limit`` takes every ratio rule to a
base 100 times larger (1 billion yuan) and moves the figure one yuan inside and outside the limit:
limits are compared exactly, so one yuan is always enough. Select one rule with
``pytest -k <rule_id>``.
"""

import datetime
from decimal import Decimal

import pytest

from finsup.rulebook import default_rulebook, evaluate

from .test_rules_pc_lr_new import COVERED as COVERED_PC_LR

D = Decimal
PC = datetime.date(2021, 3, 31)  # private capital: 2020 rules in force
ML2008 = datetime.date(2019, 12, 31)
ML2020 = datetime.date(2022, 6, 30)
ML2025 = datetime.date(2025, 3, 31)
FG2010 = datetime.date(2016, 9, 30)
FG2010_YEAR = datetime.date(2016, 12, 31)
FG2017 = datetime.date(2019, 6, 30)
FG2027 = datetime.date(2027, 3, 31)  # gs_quarterly version 3
FG2027_MEASURED_ZERO = dict.fromkeys(
    (
        "measured_loans_small_micro",
        "measured_loans_farmers",
        "measured_loans_housing",
        "measured_bonds_aa",
        "measured_bonds_other",
        "measured_other_financing",
    ),
    "0",
)

CONTEXT = {
    "registered_capital": D("10000000.00"),
    "paid_in_capital": D("10000000.00"),
    "company_age_years": D("5"),
    "established_this_year": False,
    "rated_I_consecutive_years": 0,
}

# (rule id, report, period end, fixed values, varied field, inside, at, outside)
# inside passes, at passes (every comparator of the rulebook is inclusive), outside fails.
# fmt: off
CASES = [
    # --- private capital managers (responsibility list, 2015; Shandong rules) ---
    ("pc_equity_debt_min", "pc_quarterly", PC, {"registered_capital_avg": "10000000", "debt_investment_avg": "3000000"},
     "equity_investment_avg", "4000010", "4000000", "3999990"),
    ("pc_equity_min", "pc_quarterly", PC, {"registered_capital_avg": "10000000"},
     "equity_investment_avg", "2000010", "2000000", "1999990"),
    # base = 10m capital + 15m funding - 5m directed placements = 20m: 1e-6 is 20 yuan
    ("pc_short_term_max", "pc_quarterly", PC,
     {"registered_capital_avg": "10000000", "funding_total_avg": "15000000", "directed_placement_avg": "5000000"},
     "short_term_investment_avg", "5999980", "6000000", "6000020"),
    ("pc_single_project_max", "pc_quarterly", PC, {}, "single_project_investment_max", "2999990", "3000000", "3000010"),
    ("pc_related_party_max", "pc_quarterly", PC, {}, "related_party_investment", "999990", "1000000", "1000010"),
    ("pc_funding_multiple", "pc_quarterly", PC, {}, "funding_total_avg", "29999990", "30000000", "30000010"),
    ("pc_placement_investors", "pc_quarterly", PC, {"placements_count": 1}, "placement_investors_max", 34, 35, 36),
    ("pc_placement_min_contribution", "pc_quarterly", PC, {"placements_count": 1},
     "placement_min_contribution", "2000000.01", "2000000.00", "1999999.99"),
    ("pc_single_enterprise_financing", "pc_quarterly", PC, {},
     "single_enterprise_financing_max", "2999990", "3000000", "3000010"),
    ("pc_agri_small_share", "pc_quarterly", PC, {"investment_total": "10000000"},
     "agri_small_investment", "6000010", "6000000", "5999990"),
    ("pc_provision_adequacy", "pc_quarterly", PC, {"provisions_required": "1000000"},
     "provisions_held", "1000001", "1000000", "999999"),
    ("pc_min_capital", "pc_quarterly", PC, {}, "paid_in_capital", "30000000.01", "30000000.00", "29999999.99"),
    ("pc_main_investor", "pc_quarterly", PC, {}, "main_shareholder_stake", "0.35", "0.51", "0.510001"),
    ("pc_no_trading", "pc_quarterly", PC, {}, "prohibited_trading_balance", "0", "0.00", "0.01"),
    # --- microloan companies: 2008 guidance (net capital) ---
    ("ml2008_bank_funding", "ml_monthly_funding", ML2008, {"net_capital": "10000000"},
     "bank_borrowings", "4999990", "5000000", "5000010"),
    ("ml2008_bank_lenders", "ml_monthly_funding", ML2008, {}, "lending_banks_count", 1, 2, 3),
    ("ml2008_single_borrower", "ml_monthly_business", ML2008, {"net_capital": "10000000"},
     "largest_borrower_balance", "499990", "500000", "500010"),
    ("ml2008_provision_adequacy", "ml_monthly_business", ML2020, {"provisions_required": "1000000"},
     "provisions_held", "1000001", "1000000", "999999"),
    ("ml2008_min_capital", "ml_monthly_business", ML2020, {},
     "registered_capital", "5000000.01", "5000000", "4999999.99"),
    # one-yuan cases on real capital in test_rules_microloan_new.py
    ("ml2008_single_shareholder", "ml_monthly_business", ML2008, {},
     "main_shareholder_stake", "0.099999", "0.10", "0.100001"),
    # --- 2020 notice (net assets) ---
    ("ml2020_nonstandard_leverage", "ml_monthly_funding", ML2020,
     {"net_assets": "10000000", "bank_borrowings": "4000000", "shareholder_borrowings": "3000000"},
     "other_nonstandard_funding", "2999990", "3000000", "3000010"),
    ("ml2020_standard_leverage", "ml_monthly_funding", ML2020,
     {"net_assets": "10000000", "abs_outstanding": "10000000"},
     "bonds_outstanding", "29999990", "30000000", "30000010"),
    ("ml2020_single_borrower", "ml_monthly_business", ML2020, {"net_assets": "10000000"},
     "largest_borrower_balance", "999990", "1000000", "1000010"),
    ("ml2020_single_borrower_group", "ml_monthly_business", ML2020, {"net_assets": "10000000"},
     "largest_borrower_group_balance", "1499990", "1500000", "1500010"),
    # --- 2024 rules: concentration on prior-year-end net assets (current net assets set apart) ---
    ("ml2025_single_borrower", "ml_monthly_business", ML2025,
     {"net_assets_prior_year_end": "10000000", "net_assets": "20000000"},
     "largest_borrower_balance", "999990", "1000000", "1000010"),
    ("ml2025_single_borrower_group", "ml_monthly_business", ML2025,
     {"net_assets_prior_year_end": "10000000", "net_assets": "20000000"},
     "largest_borrower_group_balance", "1499990", "1500000", "1500010"),
    ("ml2025_nonstandard_leverage", "ml_monthly_funding", ML2025,
     {"net_assets": "10000000", "bank_borrowings": "4000000", "shareholder_borrowings": "3000000"},
     "other_nonstandard_funding", "2999990", "3000000", "3000010"),
    ("ml2025_standard_leverage", "ml_monthly_funding", ML2025,
     {"net_assets": "10000000", "abs_outstanding": "10000000"},
     "bonds_outstanding", "29999990", "30000000", "30000010"),
    # --- microloan plausibility (impossible figures; blocking, in test) ---
    ("ml_borrowers_with_balance", "ml_monthly_business", ML2025, {"loans_total": "300000000.00"},
     "borrowers_count", 2, 1, 0),
    ("ml_disbursements_counted", "ml_monthly_business", ML2025, {"disbursed_month": "0.01"},
     "disbursed_count_month", 2, 1, 0),
    # --- financing guarantee companies: 2010 interim measures ---
    ("fg2010_min_capital", "gs_quarterly", FG2010, {}, "registered_capital", "5000000.01", "5000000", "4999999.99"),
    ("fg2010_leverage", "gs_quarterly", FG2010, {"net_assets": "10000000"},
     "guarantee_liability_balance", "99999990", "100000000", "100000010"),
    ("fg2010_single_party", "gs_quarterly", FG2010, {"net_assets": "10000000"},
     "single_party_max", "999990", "1000000", "1000010"),
    ("fg2010_single_party_group", "gs_quarterly", FG2010, {"net_assets": "10000000"},
     "single_party_group_max", "1499990", "1500000", "1500010"),
    ("fg2010_single_bond", "gs_quarterly", FG2010, {"net_assets": "10000000"},
     "single_bond_max", "2999990", "3000000", "3000010"),
    ("fg2010_other_investment", "gs_quarterly", FG2010, {"net_assets": "10000000"},
     "other_investments", "1999990", "2000000", "2000010"),
    ("fg2010_no_parent_subsidiary", "gs_quarterly", FG2010, {}, "guarantees_to_parent_subsidiaries", "0", "0", "0.01"),
    ("fg2010_unearned_reserve", "gs_annual", FG2010_YEAR, {"guarantee_fee_income_year": "10000000"},
     "unearned_reserve_provided_year", "5000010", "5000000", "4999990"),
    # reserve balance 5% of the liability: the 1% provisioning applies; 1e-6 of 100m is 100 yuan
    ("fg2010_compensation_reserve", "gs_annual", FG2010_YEAR,
     {"guarantee_liability_balance": "100000000", "compensation_reserve_balance": "5000000"},
     "compensation_reserve_provided_year", "1000100", "1000000", "999900"),
    # --- Decree 683 (2017) ---
    ("fg2017_min_capital", "gs_quarterly", FG2017, {}, "paid_in_capital", "20000000.01", "20000000", "19999999.99"),
    # a balance share under 50%: 10x whatever the client count (the full criterion in test_rules_guarantee_new.py)
    ("fg2017_leverage", "gs_quarterly", FG2017, {"net_assets": "10000000", "small_agri_share_prior_year": "0.4999"},
     "guarantee_liability_balance", "99999990", "100000000", "100000010"),
    ("fg2017_single_party", "gs_quarterly", FG2017, {"net_assets": "10000000"},
     "single_party_max", "999990", "1000000", "1000010"),
    ("fg2017_single_party_group", "gs_quarterly", FG2017, {"net_assets": "10000000"},
     "single_party_group_max", "1499990", "1500000", "1500010"),
    ("fg2017_controlling_shareholder", "gs_quarterly", FG2017, {},
     "guarantees_to_controlling_shareholder", "0", "0", "0.01"),
    ("fg2017_no_deposits", "gs_quarterly", FG2017, {}, "prohibited_business_balance", "0", "0", "0.01"),
    # figures of report version 3 (2027); net assets 1 billion: 1e-6 of the ratio is 1,000 yuan
    ("fg2018_weighted_leverage", "gs_quarterly", FG2027,
     {**FG2027_MEASURED_ZERO, "net_assets": "1000000000", "small_agri_share_prior_year": "0.6",
      "small_agri_clients_share_prior_year": "0.7"},
     "measured_loans_other", "9999999000", "10000000000", "10000001000"),
    ("fg2017_related_party_report", "gs_quarterly", FG2027, {"related_guarantees_reported_in_time": 5},
     "related_guarantees_due", 5, 5, 6),
    # --- 2018 asset ratio rules; base = total assets - compensation receivable = 10m ---
    ("fg2018_net_assets_reserves", "gs_quarterly", FG2017,
     {"total_assets": "10000000", "net_assets": "5000000", "unearned_reserve": "500000"},
     "compensation_reserve", "500010", "500000", "499990"),
    ("fg2018_level1", "gs_quarterly", FG2017, {"total_assets": "11000000", "compensation_receivable": "1000000"},
     "assets_tier1", "2000010", "2000000", "1999990"),
    ("fg2018_level1_2", "gs_quarterly", FG2017,
     {"total_assets": "11000000", "compensation_receivable": "1000000", "assets_tier1": "3000000"},
     "assets_tier2", "4000010", "4000000", "3999990"),
    ("fg2018_level3", "gs_quarterly", FG2017, {"total_assets": "11000000", "compensation_receivable": "1000000"},
     "assets_tier3", "2999990", "3000000", "3000010"),
]

# fmt: on

# Further cases that name the rule they exercise: (test id, rule id, report, day, values, passes)
# fmt: off
EXTRA = [
    ("pc_main_investor-at_low", "pc_main_investor", "pc_quarterly", PC, {"main_shareholder_stake": "0.20"}, True),
    ("pc_main_investor-outside_low", "pc_main_investor", "pc_quarterly", PC,
     {"main_shareholder_stake": "0.199999"}, False),
    ("ml2008_min_capital-joint_stock_at", "ml2008_min_capital", "ml_monthly_business", ML2020,
     {"registered_capital": "10000000", "is_joint_stock": True}, True),
    ("ml2008_min_capital-joint_stock_outside", "ml2008_min_capital", "ml_monthly_business", ML2020,
     {"registered_capital": "9999999.99", "is_joint_stock": True}, False),
    ("fg2017_leverage-over_15x_fails_whatever_the_shares", "fg2017_leverage", "gs_quarterly", FG2017,
     {"net_assets": "10000000", "small_agri_share_prior_year": "0.95", "guarantee_liability_balance": "150000010"},
     False),
    ("fg2017_leverage-balance_share_80pct_at_10x_passes", "fg2017_leverage", "gs_quarterly", FG2017,
     {"net_assets": "10000000", "small_agri_share_prior_year": "0.80", "guarantee_liability_balance": "100000000"},
     True),
    # No balance, no borrower; nothing disbursed, no loan: the plausibility rules do not apply.
    ("ml_borrowers_with_balance-no_balance", "ml_borrowers_with_balance", "ml_monthly_business", ML2025,
     {"loans_total": "0.00", "borrowers_count": 0}, None),
    ("ml_disbursements_counted-nothing_disbursed", "ml_disbursements_counted", "ml_monthly_business", ML2025,
     {"disbursed_month": "0.00", "disbursed_count_month": 0}, None),
]
# fmt: on


def _row(key, report, day, values):
    row = {"row_key": key, "report": report, "period_end": day, "period_start": day.replace(day=1), **CONTEXT}
    for name, value in values.items():
        row[name] = D(value) if isinstance(value, str) else value
    return row


def _all_rows():
    rows = []
    for rule_id, report, day, fixed, field, *points in CASES:
        for label, value in zip(("inside", "at", "outside"), points, strict=True):
            rows.append(
                (f"{rule_id}-{label}", rule_id, _row(f"{rule_id}-{label}", report, day, {**fixed, field: value}))
            )
    for test_id, rule_id, report, day, values, _ in EXTRA:
        rows.append((test_id, rule_id, _row(test_id, report, day, values)))
    return rows


@pytest.fixture(scope="module")
def results():
    """Every case evaluated in one batch; keyed by (test id, rule id)."""
    cases = _all_rows()
    out = evaluate(default_rulebook(), [row for _, _, row in cases])
    return {(r.row_key, r.rule_id): r for r in out}


def _params():
    for rule_id, *_ in CASES:
        for label, passes in (("inside", True), ("at", True), ("outside", False)):
            yield pytest.param(f"{rule_id}-{label}", rule_id, passes, id=f"{rule_id}-{label}")
    for test_id, rule_id, *_, passes in EXTRA:
        yield pytest.param(test_id, rule_id, passes, id=test_id)


@pytest.mark.parametrize(("key", "rule_id", "passes"), list(_params()))
def test_boundary(results, key, rule_id, passes):
    result = results.get((key, rule_id))
    assert result is not None, f"{rule_id} was not evaluated for {key}: not in force on that date?"
    assert result.passed is passes, f"{rule_id} {key}: value {result.value} {result.comparator} {result.threshold}"


SCALE = 100


def _at_scale(value):
    """Money (text or Decimal, 1,000 yuan or more) taken 100 times larger; counts and ratios kept."""
    return D(value) * SCALE if isinstance(value, (str, D)) and D(value) >= 1000 else value


def _ratio_cases():
    book = default_rulebook()
    for rule_id, report, day, fixed, field, _inside, at, outside in CASES:
        if "/" not in book.get(rule_id).formula.text:
            continue  # an amount or a count against a fixed limit: the cases above are one unit apart already
        at_value = _at_scale(at)
        step = 1 if D(outside) > D(at) else -1  # one yuan towards the breach
        base = {name: _at_scale(value) for name, value in {**CONTEXT, **fixed}.items()}
        base = {name: str(value) if isinstance(value, D) else value for name, value in base.items()}
        for label, value, passes in (("at", at_value, True), ("inside", at_value - step, True),
                                     ("outside", at_value + step, False)):  # fmt: skip
            key = f"{rule_id}-1e9-{label}"
            yield key, rule_id, passes, _row(key, report, day, {**base, field: str(value)})


RATIO_CASES = list(_ratio_cases())


@pytest.fixture(scope="module")
def scaled_results():
    out = evaluate(default_rulebook(), [row for *_, row in RATIO_CASES])
    return {(r.row_key, r.rule_id): r for r in out}


@pytest.mark.parametrize(("key", "rule_id", "passes"), [c[:3] for c in RATIO_CASES], ids=[c[0] for c in RATIO_CASES])
def test_one_yuan_over_a_ratio_limit(scaled_results, key, rule_id, passes):
    result = scaled_results[(key, rule_id)]
    assert result.passed is passes, f"{rule_id} {key}: value {result.value} {result.comparator} {result.threshold}"


def test_every_ratio_rule_is_taken_to_scale():
    ratio_rules = {r.id for r in default_rulebook() if r.report is not None and "/" in r.formula.text}
    assert {c[1] for c in RATIO_CASES} == ratio_rules
    assert len(RATIO_CASES) == 3 * len(ratio_rules)


def test_every_rule_has_boundary_cases():
    covered = {case[0] for case in CASES} | COVERED_PC_LR  # issue 12 point 2: in test_rules_pc_lr_new.py
    # Loan-level rules (source = "loans") have their cases in test_loan_rules.py.
    assert covered == {rule.id for rule in default_rulebook() if rule.report is not None}


# The funding multiple of private capital managers: (test id, established this year,
# consecutive years rated I, multiple). Registered capital 10m: 1e-6 of the ratio is 10 yuan.
FUNDING = [
    ("pc_funding_multiple-established_this_year_3x", True, 0, 3),
    ("pc_funding_multiple-established_this_year_wins_over_rating_3x", True, 2, 3),
    ("pc_funding_multiple-not_rated_I_3x", False, 0, 3),
    ("pc_funding_multiple-no_rating_null_3x", False, None, 3),
    ("pc_funding_multiple-rated_I_last_year_4x", False, 1, 4),
    ("pc_funding_multiple-rated_I_two_years_5x", False, 2, 5),
    ("pc_funding_multiple-rated_I_three_years_5x", False, 3, 5),
]


@pytest.mark.parametrize(("test_id", "new", "rated", "multiple"), FUNDING, ids=[f[0] for f in FUNDING])
def test_funding_multiple(test_id, new, rated, multiple):
    limit = D(10_000_000) * multiple
    rows = []
    for label, funding in (("at", limit), ("outside", limit + 10)):
        row = _row(label, "pc_quarterly", PC, {"funding_total_avg": funding})
        row.update(established_this_year=new, rated_I_consecutive_years=rated)
        rows.append(row)
    found = {r.row_key: r for r in evaluate(default_rulebook(), rows) if r.rule_id == "pc_funding_multiple"}
    assert found["at"].threshold == multiple
    assert found["at"].passed is True
    assert found["outside"].passed is False
