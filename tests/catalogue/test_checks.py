"""The catalogue's identity checks (batch, DuckDB) and continuity checks on filings."""

import datetime
from decimal import Decimal

from finsup.catalogue import default_catalogue
from finsup.rulebook import check_continuity, evaluate_checks

D = Decimal


def business_v1():
    return default_catalogue()["ml_monthly_business"].version_for(datetime.date(2022, 6, 30))


def consistent_loans(total="1000000.00"):
    total = D(total)
    half = total / 2
    return {
        "loans_total": total,
        "loans_start": total,
        "disbursed_month": D(0),
        "collected_month": D(0),
        "loans_normal": half,
        "loans_special_mention": half,
        "loans_substandard": D(0),
        "loans_doubtful": D(0),
        "loans_loss": D(0),
    }


def test_five_categories_must_sum_to_total_loans():
    good = {"row_key": "good", **consistent_loans()}
    off_by_tolerance = {**good, "row_key": "within", "loans_loss": D("100.00")}  # 0.01 万元
    bad = {**good, "row_key": "bad", "loans_loss": D("100.01")}
    failures = evaluate_checks(business_v1(), [good, off_by_tolerance, bad])
    assert [(f.row_key, f.check_id) for f in failures] == [("bad", "five_categories_sum")]
    assert failures[0].message_en == "The five categories must add up to total loans."


def test_missing_figures_do_not_fail_a_check():
    row = consistent_loans()
    del row["loans_loss"]
    assert evaluate_checks(business_v1(), [row]) == []


def test_balance_flow_identity():
    row = {
        **consistent_loans(),
        "loans_start": D("900000"),
        "disbursed_month": D("150000"),
        "collected_month": D("50000"),
    }
    assert evaluate_checks(business_v1(), [row]) == []
    row["collected_month"] = D("60000")
    assert [f.check_id for f in evaluate_checks(business_v1(), [row])] == ["balance_flow"]


def test_guarantee_compensation_balance_identity():
    version = default_catalogue()["gs_quarterly"].version_for(datetime.date(2019, 6, 30))
    row = {
        "compensation_cumulative": D("5000000"),
        "losses_cumulative": D("1000000"),
        "recoveries_cumulative": D("1500000"),
        "compensation_balance": D("2500000"),
    }
    assert evaluate_checks(version, [row]) == []
    row["compensation_balance"] = D("3000000")
    assert [f.check_id for f in evaluate_checks(version, [row])] == ["compensation_balance_identity"]


def test_placement_figures_required_when_placements_exist():
    version = default_catalogue()["pc_quarterly"].version_for(datetime.date(2021, 3, 31))
    assert evaluate_checks(version, [{"placements_count": 0}]) == []
    failures = evaluate_checks(version, [{"placements_count": 2, "placement_investors_max": 10}])
    assert [f.check_id for f in failures] == ["placements_described"]


def test_continuity_with_previous_period():
    version = business_v1()
    previous = {"loans_total": D("1000000.00")}
    assert check_continuity(version, {"loans_start": D("1000050.00")}, previous) == []  # within 100 yuan
    failures = check_continuity(version, {"loans_start": D("1000100.01")}, previous, row_key=7)
    assert [(f.row_key, f.check_id) for f in failures] == [(7, "continuity:loans_start")]
    assert check_continuity(version, {"loans_start": D("1")}, None) == []  # first filing
