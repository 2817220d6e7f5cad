"""The loan rules that compare a ratio with a limit, at the limit and one yuan either side of it,
on the magnitudes of a real microloan company (net assets 500 million yuan, a loan book of
100 million): limits are compared exactly, so one yuan over is a breach. The same store is
evaluated by Spark in test_spark_loans.py."""

import datetime
from decimal import Decimal

import duckdb
import pytest

from finsup.catalogue.context import LOAN_STORED_COLUMNS
from finsup.rulebook import default_rulebook
from finsup.rulebook.loans_engine import evaluate_loans

AS_OF = datetime.date(2025, 6, 30)
NET_ASSETS = Decimal("500000000.00")
STEPS = {"under": -1, "at": 0, "over": 1}

# rule -> loans of one company as (borrower, group, outstanding, overdue days, purpose), given the
# step in yuan towards the breach; and whether the breach lies above the limit (<=) or below (>=)
BOOKS = {
    # 10% and 15% of 500 million: b1 alone 50,000,000 (+step), b1 with b2 in g1 75,000,000 (+step)
    "loan_single_borrower": lambda d: [("b1", "g1", 50_000_000 + d, 0, "agriculture"),
                                       ("b2", "g1", 25_000_000, 0, "agriculture")],
    "loan_single_borrower_group": lambda d: [("b1", "g1", 50_000_000, 0, "agriculture"),
                                             ("b2", "g1", 25_000_000 + d, 0, "agriculture")],
    # overdue 10,000,000 of 100,000,000 is 10%: one more yuan overdue is over
    "loan_overdue_ratio": lambda d: [("b1", None, 10_000_000 + d, 30, "agriculture"),
                                     ("b2", None, 45_000_000, 0, "agriculture"),
                                     ("b3", None, 45_000_000, 0, "agriculture")],
    # over 90 days 5,000,000 of 100,000,000 is 5%
    "loan_npl_ratio": lambda d: [("b1", None, 5_000_000 + d, 120, "agriculture"),
                                 ("b2", None, 47_500_000, 0, "agriculture"),
                                 ("b3", None, 47_500_000, 0, "agriculture")],
    # agriculture and small business 60,000,000 of 100,000,000 is 60%: one yuan less is under
    "loan_agri_small_share": lambda d: [("b1", None, 60_000_000 - d, 0, "agriculture"),
                                        ("b2", None, 40_000_000, 0, "business")],
}  # fmt: skip


def company_code(rule_id: str, label: str) -> str:
    return f"{rule_id}-{label}"


def companies() -> dict[str, dict]:
    return {
        company_code(rule, label): {"net_assets": NET_ASSETS, "approved_counties": ["370102"]}
        for rule in BOOKS
        for label in STEPS
    }


def write_boundary_store(root) -> str:
    """One Parquet file per company with the stored column types, as ingestion writes them."""
    con = duckdb.connect()
    casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in LOAN_STORED_COLUMNS.items() if c != "company")
    for rule, book in BOOKS.items():
        for label, step in STEPS.items():
            rows = []
            for i, (borrower, group, outstanding, overdue, purpose) in enumerate(book(step)):
                rows.append(
                    f"('L{i}', 1, '{borrower}', {'NULL' if group is None else repr(group)}, 'p{i}', 'person', "
                    f"'370102', {outstanding}, 12.0, 0, DATE '2025-01-10', DATE '2025-01-10', DATE '2026-01-10', "
                    f"'{'overdue' if overdue else 'normal'}', {outstanding}, {overdue}, 'credit', '{purpose}', "
                    "'other', FALSE, 'batch-1', TIMESTAMP '2025-06-01 00:00:00', '2025-01')"
                )
            folder = root / "loans" / f"company={company_code(rule, label)}"
            folder.mkdir(parents=True)
            columns = ", ".join(c for c in LOAN_STORED_COLUMNS if c != "company")
            con.execute(
                f"COPY (SELECT {casts} FROM (VALUES {', '.join(rows)}) t({columns})) "
                f"TO '{folder / 'batch-1.parquet'}' (FORMAT parquet)"
            )
    con.close()
    return str(root / "loans")


def expected() -> dict[tuple[str, str], bool]:
    return {(company_code(rule, label), rule): label != "over" for rule in BOOKS for label in STEPS}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return write_boundary_store(tmp_path_factory.mktemp("boundary-store"))


def test_one_yuan_over_a_loan_limit_is_a_breach(store):
    found = evaluate_loans(default_rulebook(), f"{store}/*/*.parquet", companies(), as_of=AS_OF)
    verdicts = {(f.company, f.rule_id): f.passed for f in found if f.company.startswith(f"{f.rule_id}-")}
    assert verdicts == expected()


def test_the_value_shown_is_rounded_but_the_verdict_is_not(store):
    found = evaluate_loans(default_rulebook(), f"{store}/*/*.parquet", companies(), as_of=AS_OF)
    over = next(f for f in found if (f.company, f.rule_id) == ("loan_single_borrower-over", "loan_single_borrower"))
    assert over.value == Decimal("0.100000") and over.passed is False


def test_a_company_without_net_assets_breaches_the_concentration_caps(store):
    context = companies()
    context["loan_single_borrower-under"]["net_assets"] = Decimal("-1.00")
    found = evaluate_loans(default_rulebook(), f"{store}/*/*.parquet", context, as_of=AS_OF)
    verdict = {(f.company, f.rule_id): f.passed for f in found}
    assert verdict[("loan_single_borrower-under", "loan_single_borrower")] is False
    assert verdict[("loan_single_borrower-under", "loan_single_borrower_group")] is False
    assert verdict[("loan_single_borrower-at", "loan_single_borrower")] is True
