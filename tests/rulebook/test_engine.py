"""Evaluation: dated rule selection, exact comparison, not-applicable results, rule changes
made in the files alone, and bad input rows."""

import datetime
import shutil
from decimal import Decimal

import pytest

from finsup.rulebook import RULES_DIR, EvaluationError, default_rulebook, evaluate, load_rulebook

D = Decimal
CONTEXT = {
    "registered_capital": D("10000000.00"),
    "paid_in_capital": D("50000000.00"),
    "company_age_years": D("5"),
    "established_this_year": False,
    "rated_I_consecutive_years": 0,
}


def row(key, report, day, **values):
    return {
        "row_key": key,
        "report": report,
        "period_end": day,
        "period_start": day.replace(day=1),
        **CONTEXT,
        **values,
    }


def by_rule(results, key=None):
    return {r.rule_id: r for r in results if key is None or r.row_key == key}


SINGLE_BORROWER = {"largest_borrower_balance": D("900000"), "net_capital": D("10000000"), "net_assets": D("10000000")}


@pytest.mark.parametrize(
    ("day", "in_force", "not_in_force"),
    [
        (datetime.date(2019, 6, 30), "ml2008_single_borrower", {"ml2020_single_borrower", "ml2025_single_borrower"}),
        (datetime.date(2020, 9, 15), "ml2008_single_borrower", {"ml2020_single_borrower", "ml2025_single_borrower"}),
        (datetime.date(2020, 9, 30), "ml2020_single_borrower", {"ml2008_single_borrower", "ml2025_single_borrower"}),
        (datetime.date(2022, 6, 30), "ml2020_single_borrower", {"ml2008_single_borrower", "ml2025_single_borrower"}),
        (datetime.date(2025, 1, 31), "ml2025_single_borrower", {"ml2008_single_borrower", "ml2020_single_borrower"}),
    ],
    ids=["2019-ml2008", "2020-09-15-ml2008", "2020-09-30-ml2020", "2022-ml2020", "2025-ml2025"],
)
def test_microloan_single_borrower_rule_follows_the_period_end(day, in_force, not_in_force):
    values = {**SINGLE_BORROWER, "net_assets_prior_year_end": D("10000000")}
    results = by_rule(evaluate(default_rulebook(), [row(1, "ml_monthly_business", day, **values)]))
    assert in_force in results
    assert not (not_in_force & set(results))
    # 9% of the base: above the 2008 limit of 5%, within the later 10%
    assert results[in_force].passed is (in_force != "ml2008_single_borrower")


def test_guarantee_rules_switch_in_2017():
    before = by_rule(evaluate(default_rulebook(), [row(1, "gs_quarterly", datetime.date(2017, 9, 30))]))
    after = by_rule(evaluate(default_rulebook(), [row(1, "gs_quarterly", datetime.date(2017, 12, 31))]))
    assert "fg2010_leverage" in before and "fg2017_leverage" not in before
    assert "fg2017_leverage" in after and "fg2010_leverage" not in after
    assert "fg2010_single_bond" not in after  # the 30% bond limit did not survive 2017


def test_as_of_applies_the_rules_of_another_day():
    filing = row(1, "ml_monthly_business", datetime.date(2019, 6, 30), **SINGLE_BORROWER)
    results = by_rule(evaluate(default_rulebook(), [filing], as_of=datetime.date(2022, 1, 31)))
    assert "ml2020_single_borrower" in results and "ml2008_single_borrower" not in results


def test_changing_a_threshold_in_the_file_changes_the_result(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    path = rules / "private_capital.toml"
    text = path.read_text(encoding="utf-8")
    old = 'formula = "related_party_investment / registered_capital"\ncomparator = "<="\nthreshold = 0.10'
    assert old in text
    path.write_text(text.replace(old, old.replace("0.10", "0.12")), encoding="utf-8")
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31), related_party_investment=D("1100000"))

    default = by_rule(evaluate(default_rulebook(), [filing]))["pc_related_party_max"]
    edited_book = load_rulebook(rules)
    edited = by_rule(evaluate(edited_book, [filing]))["pc_related_party_max"]

    assert default.passed is False and edited.passed is True
    assert edited.threshold == D("0.12")
    assert edited.rule_version != default.rule_version  # old results keep the version they were made with
    untouched = edited_book.get("pc_single_project_max").version
    assert untouched == default_rulebook().get("pc_single_project_max").version


@pytest.mark.parametrize(
    ("rule_id", "values"),
    [
        ("pc_provision_adequacy", {"provisions_held": D("0"), "provisions_required": D("0")}),
        ("pc_equity_debt_min",
         {"equity_investment_avg": D("1"), "debt_investment_avg": D("1"), "registered_capital_avg": D("0")}),
        ("pc_agri_small_share", {"agri_small_investment": D("0"), "investment_total": D("0")}),
        ("pc_agri_small_share", {"agri_small_investment": None, "investment_total": D("100")}),
        ("pc_funding_multiple", {"funding_total_avg": D("100")} | {"registered_capital": None}),
    ],
    ids=["pc_provision_adequacy-zero_required", "pc_equity_debt_min-zero_capital", "pc_agri_small_share-no_investment",
         "pc_agri_small_share-missing_figure", "pc_funding_multiple-missing_context"],
)  # fmt: skip
def test_division_by_zero_or_null_is_not_applicable(rule_id, values):
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31))
    filing.update(values)
    result = by_rule(evaluate(default_rulebook(), [filing]))[rule_id]
    assert result.passed is None
    assert result.status == "not_applicable"


@pytest.mark.parametrize(
    ("rule_id", "values"),
    [
        ("fg2010_compensation_reserve",
         {"guarantee_liability_balance": D("100000000"), "compensation_reserve_balance": D("10000000"),
          "compensation_reserve_provided_year": D("0")}),
        ("pc_placement_investors", {"placements_count": 0, "placement_investors_max": 99}),
    ],
    ids=["fg2010_compensation_reserve-reserve_reached_10pct", "pc_placement_investors-no_placements"],
)  # fmt: skip
def test_condition_unmet_is_not_applicable(rule_id, values):
    report, day = ("gs_annual", datetime.date(2015, 12, 31)) if rule_id.startswith("fg") else ("pc_quarterly", None)
    filing = row(1, report, day or datetime.date(2021, 3, 31), **values)
    result = by_rule(evaluate(default_rulebook(), [filing]))[rule_id]
    assert result.value is not None and result.passed is None


def test_limits_are_compared_exactly_and_values_rounded_for_display_only():
    """100 million yuan of net assets: one yuan over 10% is a breach though the ratio rounds to
    0.100000 at six places; exactly 10% is not."""
    base = {"net_assets": D("100000000.00")}
    day = datetime.date(2022, 6, 30)
    rows = [
        row("at", "ml_monthly_business", day, largest_borrower_balance=D("10000000.00"), **base),
        row("one_yuan_over", "ml_monthly_business", day, largest_borrower_balance=D("10000001.00"), **base),
        row("one_fen_over", "ml_monthly_business", day, largest_borrower_balance=D("10000000.01"), **base),
        row("one_yuan_under", "ml_monthly_business", day, largest_borrower_balance=D("9999999.00"), **base),
    ]
    results = [r for r in evaluate(default_rulebook(), rows) if r.rule_id == "ml2020_single_borrower"]
    assert [(r.row_key, r.value, r.passed) for r in results] == [
        ("at", D("0.100000"), True),
        ("one_yuan_over", D("0.100000"), False),
        ("one_fen_over", D("0.100000"), False),
        ("one_yuan_under", D("0.100000"), True),
    ]


def test_a_threshold_expression_is_compared_exactly_too():
    """pc_funding_multiple: 3x registered capital of 1 billion; one yuan of funding over it fails."""
    day = datetime.date(2021, 3, 31)
    capital = {"registered_capital": D("1000000000.00")}
    at = row("at", "pc_quarterly", day, funding_total_avg=D("3000000000.00"), **capital)
    over = row("over", "pc_quarterly", day, funding_total_avg=D("3000000001.00"), **capital)
    results = {r.row_key: r for r in evaluate(default_rulebook(), [at, over]) if r.rule_id == "pc_funding_multiple"}
    assert results["at"].passed is True and results["over"].passed is False
    assert results["over"].threshold == D("3.000000")


def test_division_is_exact_decimal():
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31), provisions_held=D("1"), provisions_required=D("3"))
    result = by_rule(evaluate(default_rulebook(), [filing]))["pc_provision_adequacy"]
    assert result.value == D("0.333333") and isinstance(result.value, Decimal)
    big = row(
        2,
        "pc_quarterly",
        datetime.date(2021, 3, 31),
        provisions_held=D("999999999999.99"),
        provisions_required=D("0.01"),
    )
    assert by_rule(evaluate(default_rulebook(), [big]))["pc_provision_adequacy"].value == D("99999999999999")


def test_results_carry_rule_version_citation_and_severity():
    filing = row(
        "f-1", "gs_quarterly", datetime.date(2019, 6, 30), guarantee_liability_balance=D("1"), net_assets=D("1")
    )
    result = by_rule(evaluate(default_rulebook(), [filing]))["fg2017_leverage"]
    rule = default_rulebook().get("fg2017_leverage")
    assert result.row_key == "f-1"
    assert result.rule_version == rule.version and len(rule.version) == 12
    assert result.citation.document.endswith("（国务院令第683号）") and result.citation.article == "第十五条"
    assert result.severity == "critical" and result.comparator == "<=" and result.threshold == 10


def test_results_follow_input_order_across_reports():
    rows = [
        row("a", "pc_quarterly", datetime.date(2021, 3, 31)),
        row("b", "ml_monthly_funding", datetime.date(2022, 6, 30)),
        row("c", "pc_quarterly", datetime.date(2021, 6, 30)),
        row("d", "county_annual", datetime.date(2021, 12, 31)),  # no rules: no results
    ]
    keys = [r.row_key for r in evaluate(default_rulebook(), rows)]
    assert keys == sorted(keys)
    assert set(keys) == {"a", "b", "c"}


def test_lower_case_context_key_is_accepted():
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31), funding_total_avg=D("40000000"))
    filing["rated_i_consecutive_years"] = filing.pop("rated_I_consecutive_years") + 1
    assert by_rule(evaluate(default_rulebook(), [filing]))["pc_funding_multiple"].threshold == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"report": "no_such_report"}, "unknown report code"),
        ({"period_end": "2021-03-31"}, "'period_end' must be a date"),
        ({"established_this_year": "drop"}, "context column(s) missing: established_this_year"),
        ({"provisions_held": "lots"}, "cannot be read"),
    ],
)
def test_bad_rows_raise_a_clear_error(change, message):
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31))
    for key, value in change.items():
        if value == "drop":
            del filing[key]
        else:
            filing[key] = value
    with pytest.raises(EvaluationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate(default_rulebook(), [filing])


def test_no_rows_no_results():
    assert evaluate(default_rulebook(), []) == []


@pytest.mark.parametrize(
    ("net_assets", "liability", "passed", "value"),
    [
        (D("-5000000.00"), D("1.00"), False, D("-0.000000")),  # no net assets: any exposure is a breach
        (D("0.00"), D("1.00"), False, None),
        (D("-5000000.00"), D("0.00"), None, D("0.000000")),  # nothing guaranteed: nothing to judge
        (D("100000000.00"), D("1000000000.00"), True, D("10.000000")),
    ],
)
def test_a_cap_on_a_base_of_zero_or_less_is_breached_by_any_exposure(net_assets, liability, passed, value):
    """A guarantee company with negative net assets used to pass the 10x leverage cap: its ratio
    was negative. A cap against net assets or capital is breached by any positive exposure when
    the base is zero or negative."""
    filing = row(1, "gs_quarterly", datetime.date(2016, 9, 30), net_assets=net_assets)
    filing["guarantee_liability_balance"] = liability
    result = by_rule(evaluate(default_rulebook(), [filing]))["fg2010_leverage"]
    assert (result.passed, result.value) == (passed, value)


def test_a_floor_on_a_base_of_zero_is_not_applicable():
    filing = row(1, "pc_quarterly", datetime.date(2021, 3, 31), provisions_held=D("5"), provisions_required=D("0"))
    assert by_rule(evaluate(default_rulebook(), [filing]))["pc_provision_adequacy"].passed is None
