"""The guarantee rules of issue 12 (point 2), on realistic magnitudes: a company with 1 billion
yuan of net assets. "One yuan over the limit is a breach, exactly at the limit passes."

- fg2018_weighted_leverage: the liability weighted by the 2018 risk weights, computed from the
  categories of gs_quarterly version 3 (2027), against 10x or 15x net assets (15x only with a
  prior-year balance share of at least 50% AND a client-count share of at least 80%).
- fg2017_leverage: the reported liability of the filings before 2027, which lack the
  client-count share: decided where the balance share allows, not applicable where it does not.
- fg2017_related_party_report: related-party guarantees reported within 30 days (Decree 683
  art. 17), from the counts of version 3.
- The identity checks of version 3 that keep the reported total equal to the weighted one.

The cases one yuan over a limit of a ratio rule need the engine's exact comparison (a yuan on a
billion is 1e-9 of the ratio, below the 6 decimals the engine rounded to before it).
"""

import datetime
from decimal import Decimal

import pytest

from finsup.catalogue import default_catalogue
from finsup.rulebook import default_rulebook, evaluate, evaluate_checks

D = Decimal
NET_ASSETS = D("1000000000")  # 1 billion yuan
Q1_2027 = datetime.date(2027, 3, 31)  # gs_quarterly version 3
Q3_2026 = datetime.date(2026, 9, 30)  # version 2: no categories, no client-count share
Q4_2026 = datetime.date(2026, 12, 31)  # the last quarter of version 2

CONTEXT = {
    "registered_capital": D("800000000"),
    "paid_in_capital": D("800000000"),
    "company_age_years": D("9"),
    "established_this_year": False,
    "rated_I_consecutive_years": 0,
}

MEASURED = (
    "measured_loans_small_micro",
    "measured_loans_farmers",
    "measured_loans_housing",
    "measured_loans_other",
    "measured_bonds_aa",
    "measured_bonds_other",
    "measured_other_financing",
)

# Gross 16 billion, weighted exactly 10 billion (10x): 8bn x 75% + 5bn x 30% + 2.5bn x 80% + 0.3bn + 0.2bn.
AT_10X = {
    "measured_loans_small_micro": D("8000000000"),
    "measured_loans_farmers": D("0"),
    "measured_loans_housing": D("5000000000"),
    "measured_loans_other": D("0"),
    "measured_bonds_aa": D("2500000000"),
    "measured_bonds_other": D("300000000"),
    "measured_other_financing": D("200000000"),
}
NOT_QUALIFYING = {"small_agri_share_prior_year": D("0.60"), "small_agri_clients_share_prior_year": D("0.70")}
QUALIFYING_AT_EDGE = {"small_agri_share_prior_year": D("0.50"), "small_agri_clients_share_prior_year": D("0.80")}


def row(day, **values):
    out = {"row_key": "r", "report": "gs_quarterly", "period_end": day, "period_start": day.replace(day=1)}
    out.update(CONTEXT)
    out["net_assets"] = NET_ASSETS
    out.update(values)
    return out


def result(rule_id, filing):
    found = [r for r in evaluate(default_rulebook(), [filing]) if r.rule_id == rule_id]
    assert len(found) == 1, f"{rule_id} was not evaluated: not in force on {filing['period_end']}?"
    return found[0]


def plus(values, field, yuan):
    return {**values, field: values[field] + D(yuan)}


# --- fg2018_weighted_leverage ---------------------------------------------------------------


def test_weighted_leverage_exactly_10x_passes_though_gross_is_16x():
    found = result("fg2018_weighted_leverage", row(Q1_2027, **AT_10X, **NOT_QUALIFYING))
    assert found.value == D("10") and found.threshold == 10
    assert found.passed is True


@pytest.mark.parametrize(
    ("field", "yuan"),
    [
        ("measured_other_financing", 1),  # 100%: one yuan over
        ("measured_loans_other", 1),  # 100%
        ("measured_bonds_other", 1),  # 100%
        ("measured_loans_small_micro", 2),  # 75%: 1.50 yuan over
        ("measured_loans_farmers", 2),  # 75%: 1.50 yuan over
        ("measured_bonds_aa", 2),  # 80%: 1.60 yuan over
        ("measured_loans_housing", 4),  # 30%: 1.20 yuan over
    ],
)
def test_weighted_leverage_just_over_10x_fails(field, yuan):
    found = result("fg2018_weighted_leverage", row(Q1_2027, **plus(AT_10X, field, yuan), **NOT_QUALIFYING))
    assert found.threshold == 10
    assert found.passed is False, f"{field} +{yuan} yuan: {found.value} <= {found.threshold}"


@pytest.mark.parametrize(
    ("field", "yuan"),
    [("measured_loans_small_micro", 1), ("measured_bonds_aa", 1), ("measured_loans_housing", 3)],
)
def test_weighted_leverage_over_by_less_than_a_yuan_after_weighting_still_fails(field, yuan):
    # 1 yuan at 75% or 80%, 3 yuan at 30%: 0.75, 0.80 and 0.90 yuan over once weighted
    found = result("fg2018_weighted_leverage", row(Q1_2027, **plus(AT_10X, field, yuan), **NOT_QUALIFYING))
    assert found.passed is False, f"{field} +{yuan} yuan: {found.value} <= {found.threshold}"


def _at_15x():
    return {**AT_10X, "measured_loans_other": D("5000000000")}  # + 5bn at 100%: weighted 15 billion


def test_15x_with_balance_share_50pct_and_client_share_80pct():
    at = result("fg2018_weighted_leverage", row(Q1_2027, **_at_15x(), **QUALIFYING_AT_EDGE))
    assert at.threshold == 15 and at.value == D("15") and at.passed is True
    over = result(
        "fg2018_weighted_leverage", row(Q1_2027, **plus(_at_15x(), "measured_loans_other", 1), **QUALIFYING_AT_EDGE)
    )
    assert over.threshold == 15 and over.passed is False


@pytest.mark.parametrize(
    ("balance_share", "client_share"),
    [
        ("0.4999999999", "0.80"),  # balance share just under 50%
        ("0.50", "0.7999999999"),  # client share just under 80%
        ("0.95", "0.60"),  # the old reading (one share of 80%) no longer qualifies
        ("0.40", "0.95"),
    ],
)
def test_10x_unless_both_shares_qualify(balance_share, client_share):
    shares = {"small_agri_share_prior_year": D(balance_share), "small_agri_clients_share_prior_year": D(client_share)}
    found = result("fg2018_weighted_leverage", row(Q1_2027, **_at_15x(), **shares))
    assert found.threshold == 10 and found.passed is False
    assert result("fg2018_weighted_leverage", row(Q1_2027, **AT_10X, **shares)).passed is True


def test_weighted_leverage_not_applicable_before_the_figures_are_collected():
    rule = default_rulebook().get("fg2018_weighted_leverage")
    assert rule.effective_from == datetime.date(2018, 4, 2) and rule.data_from == datetime.date(2027, 1, 1)
    v2 = row(Q4_2026, guarantee_liability_balance=D("16000000000"), small_agri_share_prior_year=D("0.9"))
    assert result("fg2018_weighted_leverage", v2).status == "not_applicable"


# --- fg2017_leverage: reported liability, filings before 2027 ---------------------------------------


def leverage(day, balance, share):
    return result(
        "fg2017_leverage", row(day, guarantee_liability_balance=D(balance), small_agri_share_prior_year=share)
    )


def test_balance_share_under_50pct_is_10x():
    share = D("0.4999999999")
    assert leverage(Q3_2026, "10000000000", share).passed is True
    over = leverage(Q3_2026, "10000000001", share)
    assert over.threshold == 10 and over.passed is False


def test_over_15x_fails_whatever_the_share():
    assert leverage(Q3_2026, "15000000001", D("0.95")).passed is False
    assert leverage(Q3_2026, "15000000001", None).passed is False


def test_at_10x_passes_whatever_the_share():
    for share in (D("0.95"), D("0.50"), None):
        assert leverage(Q3_2026, "10000000000", share).passed is True


@pytest.mark.parametrize("balance", ["10000000001", "12000000000", "15000000000"])
def test_between_10x_and_15x_the_missing_client_share_decides_not_applicable(balance):
    for share in (D("0.50"), D("0.95"), None):
        found = leverage(Q3_2026, balance, share)
        assert found.status == "not_applicable", f"{balance} with share {share}: {found.value} / {found.threshold}"


def test_reported_leverage_stands_aside_from_2027():
    filing = row(Q1_2027, guarantee_liability_balance=D("30000000000"), small_agri_share_prior_year=D("0.1"))
    assert result("fg2017_leverage", filing).status == "not_applicable"
    assert result("fg2017_leverage", {**filing, "period_end": Q4_2026}).passed is False


# --- fg2017_related_party_report ------------------------------------------------------------------


def related(day, due, in_time):
    return result(
        "fg2017_related_party_report", row(day, related_guarantees_due=due, related_guarantees_reported_in_time=in_time)
    )


def test_related_party_guarantees_all_reported_in_time_pass():
    assert related(Q1_2027, 3, 3).passed is True
    assert related(Q1_2027, 0, 0).passed is True


def test_one_related_party_guarantee_late_or_unreported_fails():
    found = related(Q1_2027, 3, 2)
    assert found.value == 1 and found.passed is False


def test_related_party_report_not_applicable_before_2027():
    rule = default_rulebook().get("fg2017_related_party_report")
    assert rule.effective_from == datetime.date(2017, 10, 1) and rule.data_from == datetime.date(2027, 1, 1)
    assert str(rule.citation) == "融资担保公司监督管理条例（国务院令第683号） 第十七条"
    assert related(Q4_2026, None, None).status == "not_applicable"


# --- the identity checks of gs_quarterly version 3 ------------------------------------------------


def v3():
    return default_catalogue()["gs_quarterly"].version_for(Q1_2027)


def consistent_filing(**changes):
    values = {
        **AT_10X,
        "guarantee_liability_balance": D("10000000000"),
        "outstanding_loans": D("13000000000"),
        "outstanding_bonds": D("2800000000"),
        "outstanding_other_financing": D("200000000"),
        "related_guarantees_due": 2,
        "related_guarantees_reported_in_time": 2,
    }
    values.update(changes)
    return values


def failing_checks(values):
    return {f.check_id for f in evaluate_checks(v3(), [values])}


def test_reported_liability_equals_the_weighted_categories():
    assert failing_checks(consistent_filing()) == set()
    assert failing_checks(consistent_filing(guarantee_liability_balance=D("10000000100"))) == set()  # 0.01 万元
    assert failing_checks(consistent_filing(guarantee_liability_balance=D("10000000101"))) == {"liability_weighted"}
    # reporting the gross total instead of the weighted one is caught
    assert failing_checks(consistent_filing(guarantee_liability_balance=D("16000000000"))) == {"liability_weighted"}


def test_the_check_and_the_rule_weigh_alike():
    values = {
        "measured_loans_small_micro": D("1234567.89"),
        "measured_loans_farmers": D("7654321.01"),
        "measured_loans_housing": D("3333333.33"),
        "measured_loans_other": D("1000000.00"),
        "measured_bonds_aa": D("2500000.05"),
        "measured_bonds_other": D("10.00"),
        "measured_other_financing": D("99.99"),
    }
    weights = {
        "measured_loans_small_micro": D("0.75"),
        "measured_loans_farmers": D("0.75"),
        "measured_loans_housing": D("0.30"),
        "measured_bonds_aa": D("0.80"),
    }
    weighted = sum(amount * weights.get(name, D(1)) for name, amount in values.items())
    assert set(values) == set(MEASURED)
    found = result("fg2018_weighted_leverage", row(Q1_2027, **values, **NOT_QUALIFYING))
    assert abs(found.value - weighted / NET_ASSETS) < D("0.000001")
    balance = weighted.quantize(D("0.01"))
    assert "liability_weighted" not in failing_checks(consistent_filing(**values, guarantee_liability_balance=balance))


def test_categories_cannot_exceed_guarantees_outstanding():
    over_loans = consistent_filing(measured_loans_other=D("101"))
    assert failing_checks(over_loans) >= {"measured_loans_within_outstanding"}
    over_bonds = consistent_filing(outstanding_bonds=D("2799999899"))
    assert failing_checks(over_bonds) == {"measured_bonds_within_outstanding"}
    over_other = consistent_filing(outstanding_other_financing=D("199999899"))
    assert failing_checks(over_other) == {"measured_other_within_outstanding"}


def test_reported_in_time_cannot_outnumber_the_due():
    assert failing_checks(consistent_filing(related_guarantees_reported_in_time=3)) == {"related_reported_within_due"}


def test_version_3_starts_in_2027_and_older_filings_keep_their_version():
    report = default_catalogue()["gs_quarterly"]
    assert report.version_for(Q4_2026).version == 2
    assert report.version_for(Q1_2027).version == 3
    added = set(MEASURED) | {
        "small_agri_clients_share_prior_year",
        "related_guarantees_due",
        "related_guarantees_reported_in_time",
    }
    assert added <= set(report.version_for(Q1_2027).field_ids)
    assert not added & set(report.version_for(Q4_2026).field_ids)


def test_the_web_form_of_version_3_asks_for_the_new_figures():
    from finsup.reporting.forms import figures_form_class

    form = figures_form_class(v3(), correcting=False)()
    assert set(MEASURED) <= set(form.fields)
    assert "权重75%" in str(form.fields["measured_loans_small_micro"].label)
    liability_group = next(ids for label, ids in form.groups if "measured_loans_housing" in ids)
    assert {"guarantee_liability_balance", "small_agri_clients_share_prior_year"} <= set(liability_group)
