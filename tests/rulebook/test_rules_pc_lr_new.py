"""The rules of issue 12 point 2 for private capital managers and lending registries, at their
boundaries on realistic magnitudes: exactly at a limit passes, one yuan (or one person, one
placement) over is a breach. The cases are written by hand from the texts, not read from the rule
files. Registered capital is 100,000,000 yuan, so one yuan over 3x is a ratio 0.00000001 above the
limit: the engine compares exactly (rulebook/exact.py), which the cases marked EXACT rely on.
"""

import datetime
from decimal import Decimal

import pytest

from finsup.catalogue import default_catalogue
from finsup.catalogue.context import CONTEXT_COLUMNS
from finsup.ratings.schemes import SCHEMES_DIR, parse_scheme
from finsup.rulebook import default_rulebook, evaluate
from finsup.rulebook.checks import evaluate_checks

D = Decimal
CAPITAL = D("100000000.00")
PC_2026 = datetime.date(2026, 6, 30)  # pc_quarterly version 2: no figures of version 3 yet
PC_2027 = datetime.date(2027, 3, 31)  # version 3
LR_2026 = datetime.date(2026, 11, 30)  # lr_monthly version 1
LR_2027 = datetime.date(2027, 1, 31)  # version 2
NEW_DATA = datetime.date(2027, 1, 1)

CONTEXT = {
    "registered_capital": CAPITAL,
    "paid_in_capital": CAPITAL,
    "company_age_years": D("8"),
    "established_this_year": False,
    "rated_I_consecutive_years": 0,
}

# Every rule this file covers (tests/rulebook/test_boundaries.py counts them as covered).
COVERED = {
    "pc_funding_multiple",
    "pc_placement_local_investors",
    "pc_placement_project_based",
    "pc_placement_dedicated_account",
    "pc_placement_funds_segregated",
    "pc_debt_tenor_min",
    "pc_short_term_tenor_max",
    "lr_outside_region_registrations",
    "lr_outside_region_matched",
    "lr_no_deposits",
    "lr_no_own_lending",
    "lr_no_guarantees",
    "lr_no_fund_pool",
}
NEEDS_EXACT = "one yuan over the limit: needs the exact comparison of rulebook/exact.py"


def _row(key, report, day, values, **context):
    row = {"row_key": key, "report": report, "period_end": day, "period_start": day.replace(day=1), **CONTEXT}
    row.update(context)
    row.update({k: D(v) if isinstance(v, str) else v for k, v in values.items()})
    return row


# (test id, rule id, report, period end, values, context, expected passed: True / False / None)
# fmt: off
PLACEMENTS = {"placements_count": 2, "placement_investors_total": 30, "placement_amount": "80000000"}
CASES = [
    # --- private placement conditions (responsibility list 三（三）二（二）) ---
    ("local-at", "pc_placement_local_investors", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placement_nonlocal_investors": 0}, {}, True),
    ("local-one_over", "pc_placement_local_investors", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placement_nonlocal_investors": 1}, {}, False),
    ("local-no_placements", "pc_placement_local_investors", "pc_quarterly", PC_2027,
     {"placements_count": 0, "placement_nonlocal_investors": 3}, {}, None),
    ("project-at", "pc_placement_project_based", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placements_not_project_based": 0}, {}, True),
    ("project-one_over", "pc_placement_project_based", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placements_not_project_based": 1}, {}, False),
    ("account-at", "pc_placement_dedicated_account", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placements_without_dedicated_account": 0}, {}, True),
    ("account-one_over", "pc_placement_dedicated_account", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placements_without_dedicated_account": 1}, {}, False),
    ("segregated-at", "pc_placement_funds_segregated", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placement_funds_commingled": "0.00"}, {}, True),
    ("segregated-one_yuan_over", "pc_placement_funds_segregated", "pc_quarterly", PC_2027,
     {**PLACEMENTS, "placement_funds_commingled": "1.00"}, {}, False),
    # --- the 6-month boundary (鲁金监字〔2016〕6号 第三条) ---
    ("debt_tenor-at", "pc_debt_tenor_min", "pc_quarterly", PC_2027,
     {"debt_investment_avg": "50000000", "debt_investment_under_6m_avg": "0.00"}, {}, True),
    ("debt_tenor-one_yuan_over", "pc_debt_tenor_min", "pc_quarterly", PC_2027,
     {"debt_investment_avg": "50000000", "debt_investment_under_6m_avg": "1.00"}, {}, False),
    ("short_tenor-at", "pc_short_term_tenor_max", "pc_quarterly", PC_2027,
     {"short_term_investment_avg": "20000000", "short_term_6m_or_more_avg": "0.00"}, {}, True),
    ("short_tenor-one_yuan_over", "pc_short_term_tenor_max", "pc_quarterly", PC_2027,
     {"short_term_investment_avg": "20000000", "short_term_6m_or_more_avg": "1.00"}, {}, False),
    # --- lending registries (source 三（四）二（一）; 山东省地方金融条例 第十一条、第三十七条) ---
    ("region_reg-at", "lr_outside_region_registrations", "lr_monthly", LR_2027,
     {"outside_region_registrations": 0}, {}, True),
    ("region_reg-one_over", "lr_outside_region_registrations", "lr_monthly", LR_2027,
     {"outside_region_registrations": 1}, {}, False),
    ("region_matched-at", "lr_outside_region_matched", "lr_monthly", LR_2027,
     {"outside_region_matched_amount": "0.00"}, {}, True),
    ("region_matched-one_yuan_over", "lr_outside_region_matched", "lr_monthly", LR_2027,
     {"outside_region_matched_amount": "1.00"}, {}, False),
    ("deposits-at", "lr_no_deposits", "lr_monthly", LR_2027, {"deposits_taken_balance": "0.00"}, {}, True),
    ("deposits-one_yuan_over", "lr_no_deposits", "lr_monthly", LR_2027, {"deposits_taken_balance": "1.00"}, {}, False),
    ("own_lending-at", "lr_no_own_lending", "lr_monthly", LR_2027, {"own_funds_lending_balance": "0.00"}, {}, True),
    ("own_lending-one_yuan_over", "lr_no_own_lending", "lr_monthly", LR_2027,
     {"own_funds_lending_balance": "1.00"}, {}, False),
    ("guarantees-at", "lr_no_guarantees", "lr_monthly", LR_2027, {"guarantees_provided_balance": "0.00"}, {}, True),
    ("guarantees-one_yuan_over", "lr_no_guarantees", "lr_monthly", LR_2027,
     {"guarantees_provided_balance": "1.00"}, {}, False),
    ("fund_pool-at", "lr_no_fund_pool", "lr_monthly", LR_2027, {"pooled_funds_balance": "0.00"}, {}, True),
    ("fund_pool-one_yuan_over", "lr_no_fund_pool", "lr_monthly", LR_2027, {"pooled_funds_balance": "1.00"}, {}, False),
    # --- funding multiple by the latest final rating level (rating scheme, levels.*.funding_multiple) ---
    ("funding-level_IV-none_at_zero", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "0.00"}, {"latest_rating_level": "IV"}, True),
    ("funding-level_IV-one_yuan", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "1.00"}, {"latest_rating_level": "IV"}, False),
    ("funding-level_V-one_yuan", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "1.00"}, {"latest_rating_level": "V"}, False),
    ("funding-level_IV-a_real_book", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "150000000"}, {"latest_rating_level": "IV"}, False),
    ("funding-level_III-3x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000000.00"}, {"latest_rating_level": "III"}, True),
    ("funding-level_III-3x_one_yuan_over", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000001.00"}, {"latest_rating_level": "III"}, False),
    ("funding-level_II-3x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000000.00"}, {"latest_rating_level": "II"}, True),
    ("funding-level_II-3x_one_yuan_over", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000001.00"}, {"latest_rating_level": "II"}, False),
    ("funding-level_I_one_year-4x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "400000000.00"}, {"latest_rating_level": "I", "rated_I_consecutive_years": 1}, True),
    ("funding-level_I_one_year-4x_one_yuan_over", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "400000001.00"}, {"latest_rating_level": "I", "rated_I_consecutive_years": 1}, False),
    ("funding-level_I_two_years-5x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "500000000.00"}, {"latest_rating_level": "I", "rated_I_consecutive_years": 2}, True),
    ("funding-level_I_two_years-5x_one_yuan_over", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "500000001.00"}, {"latest_rating_level": "I", "rated_I_consecutive_years": 2}, False),
    ("funding-no_rating-3x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000000.00"}, {"latest_rating_level": None}, True),
    ("funding-established_this_year-3x_at", "pc_funding_multiple", "pc_quarterly", PC_2026,
     {"funding_total_avg": "300000000.00"}, {"established_this_year": True}, True),
]
# fmt: on
EXACT = {
    "funding-level_IV-one_yuan",
    "funding-level_V-one_yuan",
    "funding-level_III-3x_one_yuan_over",
    "funding-level_II-3x_one_yuan_over",
    "funding-level_I_one_year-4x_one_yuan_over",
    "funding-level_I_two_years-5x_one_yuan_over",
}


@pytest.fixture(scope="module")
def results():
    rows = [_row(key, report, day, values, **context) for key, _r, report, day, values, context, _p in CASES]
    return {(r.row_key, r.rule_id): r for r in evaluate(default_rulebook(), rows)}


def _params():
    for key, rule_id, *_, passes in CASES:
        yield pytest.param(key, rule_id, passes, id=key)


@pytest.mark.parametrize(("key", "rule_id", "passes"), list(_params()))
def test_boundary(results, key, rule_id, passes):
    result = results.get((key, rule_id))
    assert result is not None, f"{rule_id} was not evaluated for {key}: not in force on that date?"
    hint = f" ({NEEDS_EXACT})" if key in EXACT else ""
    seen = f"value {result.value} {result.comparator} {result.threshold}"
    assert result.passed is passes, f"{rule_id} {key}: {seen}{hint}"


def test_every_new_rule_is_covered_here():
    book = default_rulebook()
    mine = {"private_capital", "lending_registry"}
    new = {r.id for r in book if r.kind == "lending_registry" or (r.kind in mine and r.data_from is not None)}
    assert new <= COVERED
    assert COVERED <= {r.id for r in book}


@pytest.mark.parametrize("rule_id", sorted(COVERED - {"pc_funding_multiple"}))
def test_rules_on_new_figures_keep_their_legal_date_and_start_with_the_new_report_versions(rule_id):
    rule = default_rulebook().get(rule_id)
    assert rule.data_from == NEW_DATA and rule.effective_from < NEW_DATA
    assert rule.citation.document and rule.citation.article
    assert rule.status_of_source in {"V", "S", "U"}
    report = default_catalogue()[rule.report]
    assert report.version_for(NEW_DATA - datetime.timedelta(days=1)).version < report.version_for(NEW_DATA).version
    assert rule.formula.columns <= set(report.version_for(NEW_DATA).field_ids)


def test_periods_before_the_new_figures_are_not_applicable():
    """A 2026 filing has none of the new figures: the rules are in force but not applicable."""
    rows = [_row("pc", "pc_quarterly", PC_2026, {"placements_count": 2}), _row("lr", "lr_monthly", LR_2026, {})]
    found = {(r.row_key, r.rule_id): r.passed for r in evaluate(default_rulebook(), rows)}
    for rule_id in COVERED - {"pc_funding_multiple"}:
        key = "lr" if rule_id.startswith("lr_") else "pc"
        assert (key, rule_id) in found, rule_id
        assert found[(key, rule_id)] is None, rule_id


def test_new_report_versions_hold_the_figures_from_2027():
    catalogue = default_catalogue()
    pc, lr = catalogue["pc_quarterly"], catalogue["lr_monthly"]
    assert pc.version_for(PC_2026).version == 2 and pc.version_for(PC_2027).version == 3
    assert lr.version_for(LR_2026).version == 1 and lr.version_for(LR_2027).version == 2
    assert pc.version(2).effective_to == datetime.date(2026, 12, 31)
    assert "debt_investment_under_6m_avg" not in pc.version(2).field_ids
    assert "outside_region_matched_amount" not in lr.version(1).field_ids


def test_identity_checks_of_the_new_figures():
    pc = default_catalogue()["pc_quarterly"].version(3)
    lr = default_catalogue()["lr_monthly"].version(2)
    pc_rows = [
        {"row_key": "ok", "debt_investment_avg": D(5), "debt_investment_under_6m_avg": D(5), "placements_count": 0},
        {"row_key": "tenor", "debt_investment_avg": D(5), "debt_investment_under_6m_avg": D(6), "placements_count": 0},
        {"row_key": "undescribed", "placements_count": 1, "placement_nonlocal_investors": 0},
    ]
    failed = {(f.row_key, f.check_id) for f in evaluate_checks(pc, pc_rows)}
    assert ("tenor", "debt_tenor_within_debt") in failed
    assert ("undescribed", "placement_conditions_described") in failed
    assert not {c for k, c in failed if k == "ok"}
    lr_rows = [
        {"row_key": "count_only", "outside_region_matched_count": 1, "outside_region_matched_amount": D(0)},
        {"row_key": "over", "matched_count": 1, "matched_amount": D(100), "outside_region_matched_count": 1,
         "outside_region_matched_amount": D(101)},
    ]  # fmt: skip
    failed = {(f.row_key, f.check_id) for f in evaluate_checks(lr, lr_rows)}
    assert ("count_only", "outside_region_count_and_amount") in failed
    assert ("over", "outside_region_within_matched") in failed


def test_the_rating_context_column_is_optional():
    column = CONTEXT_COLUMNS["latest_rating_level"]
    assert (column.sql_type, column.required) == ("VARCHAR", False)


def test_funding_multiple_follows_every_level_of_the_rating_scheme():
    """The rule and the scheme's `funding_multiple` per level say the same (5x after two years at I)."""
    scheme = parse_scheme((SCHEMES_DIR / "private_capital-2024.toml").read_text(encoding="utf-8"))
    cases = []
    for level, effects in scheme.levels.items():
        cases.append((level, 1 if level == "I" else 0, effects.funding_multiple))
        if effects.funding_multiple_after_two_years is not None:
            cases.append((level, 2, effects.funding_multiple_after_two_years))
    rows = [
        _row(f"{level}-{years}", "pc_quarterly", PC_2026, {"funding_total_avg": CAPITAL},
             latest_rating_level=level, rated_I_consecutive_years=years)
        for level, years, _m in cases
    ]  # fmt: skip
    results = evaluate(default_rulebook(), rows)
    thresholds = {r.row_key: r.threshold for r in results if r.rule_id == "pc_funding_multiple"}
    assert {f"{lv}-{y}": D(m) for lv, y, m in cases} == thresholds
    assert {lv for lv, _y, m in cases if m == 0} == {"IV", "V"}
