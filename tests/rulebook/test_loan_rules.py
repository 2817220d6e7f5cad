# ruff: noqa: E501  (the hand-made loan table is kept one loan a line)
"""Loan-level rules (issue 4) on a hand-made hive-partitioned Parquet store.

Evaluation day 2025-06-30. Companies (net assets, approved counties):
  C1 913701000000000001  10,000,000  370102, 370103
  C2 913702000000000002   5,000,000  370202
  C3 913703000000000003  (not supplied: net assets and region unknown)

Loans (rate % a year; LPR = one-year LPR as of the contract date; cap = 4 × LPR):
 loan  ver borrower grp  county contract    rate  LPR  status     outst.  od  purpose        upfr rel
 L1-01 1   b1       g1   370102 2025-01-10 12.00 3.10 normal     500,000   0 agriculture       0
 L1-01 2   (same, month 2025-02: latest)               normal     400,000   0 agriculture       0
 L1-02 1   b1       g1   370102 2024-12-01 12.00 3.10 normal     700,000   0 small_business    0
 L1-03 1   b2       g1   370103 2024-10-21 12.41 3.10 normal     300,000   0 business          0   RATE (12.41 > 12.40)
 L1-04 1   b3       g9   370103 2024-10-20 12.41 3.35 normal     100,000   0 agriculture       0   (13.40: no hit)
 L1-05 1   b4       -    370199 2025-02-01 10.00 3.10 overdue    200,000 120 consumer      5,000     REGION, UPFRONT
 L1-06 1   b5       -    370102 2025-03-01 10.00      normal     100,000   0 real_estate       0
 L1-06 2   (latest: settled, so not live)             settled          0   0 real_estate       0
 L1-07 1   b6       -    370102 2025-03-05  9.00 3.10 overdue    100,000  30 securities        0 T PURPOSE, RELATED
 L1-08 1   b7       -    370102 2025-07-15 30.00      normal     100,000   0 real_estate       0     after as_of: ignored
 L2-01 1   b21      g21  370202 2020-09-01 24.00 3.85 normal     400,000   0 agriculture       0     RATE (> 15.40)
 L2-02 1   b22      g21  370202 2023-06-20 14.30 3.55 normal     300,000   0 small_business    0 T RATE (> 14.20), RELATED
 L2-03 1   b23      -    370202 2023-06-19 14.40 3.65 normal     300,000   0 consumer          0     (14.60: no hit)
 L2-04 1   b24      -    370203 2025-01-01  9.00 3.10 overdue     50,000  91 real_estate   1,000     REGION, UPFRONT, PURPOSE
 L3-01 1   b31      -    370302 2025-01-05 10.00 3.10 normal   1,000,000   0 consumer          0
 L3-02 1   b32      -    370302 2019-08-19 30.00 none normal     100,000   0 business          0     no LPR yet: no hit

Expected per company (live loans only):
 rule                        C1                          C2                          C3
 loan_rate_cap_4x_lpr        1 [L1-03]                   2 [L2-01, L2-02]            0
 loan_outside_region         1 [L1-05]                   1 [L2-04]                   0 (region unknown)
 loan_upfront_deduction      1 [L1-05]                   1 [L2-04]                   0
 loan_banned_purpose         1 [L1-07]                   1 [L2-04]                   0
 loan_related_party          1 [L1-07]                   1 [L2-02]                   0
 loan_single_borrower        b1 1.1M/10M = 0.11 FAIL     400k/5M = 0.08 pass         n/a (no net assets)
 loan_single_borrower_group  g1 1.4M/10M = 0.14 pass     g21 700k/5M = 0.14 pass     n/a
 loan_overdue_ratio          300k/1.8M = 0.166667 FAIL   50k/1.05M = 0.047619 pass   0 pass
 loan_npl_ratio              200k/1.8M = 0.111111 FAIL   50k/1.05M = 0.047619 pass   0 pass
 loan_agri_small_share       1.2M/1.8M = 0.666667 pass   700k/1.05M = 0.666667 pass  0 FAIL
"""

import datetime
import textwrap
from decimal import Decimal

import duckdb
import pytest

from finsup.rulebook import RulebookError, default_rulebook, load_rulebook
from finsup.rulebook.loans_engine import evaluate_loans, read_lpr

C1, C2, C3 = "913701000000000001", "913702000000000002", "913703000000000003"
AS_OF = datetime.date(2025, 6, 30)
COMPANIES = {
    C1: {"net_assets": Decimal("10000000.00"), "approved_counties": ["370102", "370103"]},
    C2: {"net_assets": Decimal("5000000.00"), "approved_counties": ["370202"]},
}

# company, month, loan, version, borrower, group, county, contract, rate, status, outstanding, overdue days,
# purpose, upfront, related
LOANS = [
    (C1, "2025-01", "L1-01", 1, "b1", "g1", "370102", "2025-01-10", "12.00", "normal", "500000", 0, "agriculture", "0", False),
    (C1, "2025-02", "L1-01", 2, "b1", "g1", "370102", "2025-01-10", "12.00", "normal", "400000", 0, "agriculture", "0", False),
    (C1, "2025-01", "L1-02", 1, "b1", "g1", "370102", "2024-12-01", "12.00", "normal", "700000", 0, "small_business", "0", False),
    (C1, "2025-01", "L1-03", 1, "b2", "g1", "370103", "2024-10-21", "12.41", "normal", "300000", 0, "business", "0", False),
    (C1, "2025-01", "L1-04", 1, "b3", "g9", "370103", "2024-10-20", "12.41", "normal", "100000", 0, "agriculture", "0", False),
    (C1, "2025-02", "L1-05", 1, "b4", None, "370199", "2025-02-01", "10.00", "overdue", "200000", 120, "consumer", "5000", False),
    (C1, "2025-02", "L1-06", 1, "b5", None, "370102", "2025-03-01", "10.00", "normal", "100000", 0, "real_estate", "0", False),
    (C1, "2025-02", "L1-06", 2, "b5", None, "370102", "2025-03-01", "10.00", "settled", "0", 0, "real_estate", "0", False),
    (C1, "2025-02", "L1-07", 1, "b6", None, "370102", "2025-03-05", "9.00", "overdue", "100000", 30, "securities", "0", True),
    (C1, "2025-02", "L1-08", 1, "b7", None, "370102", "2025-07-15", "30.00", "normal", "100000", 0, "real_estate", "0", False),
    (C2, "2025-02", "L2-01", 1, "b21", "g21", "370202", "2020-09-01", "24.00", "normal", "400000", 0, "agriculture", "0", False),
    (C2, "2025-02", "L2-02", 1, "b22", "g21", "370202", "2023-06-20", "14.30", "normal", "300000", 0, "small_business", "0", True),
    (C2, "2025-02", "L2-03", 1, "b23", None, "370202", "2023-06-19", "14.40", "normal", "300000", 0, "consumer", "0", False),
    (C2, "2025-02", "L2-04", 1, "b24", None, "370203", "2025-01-01", "9.00", "overdue", "50000", 91, "real_estate", "1000", False),
    (C3, "2025-03", "L3-01", 1, "b31", None, "370302", "2025-01-05", "10.00", "normal", "1000000", 0, "consumer", "0", False),
    (C3, "2025-03", "L3-02", 1, "b32", None, "370302", "2019-08-19", "30.00", "normal", "100000", 0, "business", "0", False),
]  # fmt: skip


def _sql(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + value + "'"


def write_store(root) -> str:
    """One Parquet file per company, as the ingestion writes them (the stored columns but the
    company, month included, under company=<code>/)."""
    con = duckdb.connect()
    for company in sorted({r[0] for r in LOANS}):
        rows = [r for r in LOANS if r[0] == company]
        values = ",\n".join("(" + ", ".join(_sql(v) for v in r) + ")" for r in rows)
        folder = root / "loans" / f"company={company}"
        folder.mkdir(parents=True)
        con.execute(
            f"""COPY (
            SELECT loan_id, CAST(loan_version AS INTEGER) AS loan_version, borrower_key,
                   borrower_group_key, 'p-' || borrower_key AS phone_key, 'person' AS borrower_type, borrower_county,
                   CAST(outstanding AS DECIMAL(18,2)) AS principal, CAST(rate AS DECIMAL(9,4)) AS annual_rate_all_in,
                   CAST(upfront AS DECIMAL(18,2)) AS upfront_deduction, CAST(contract AS DATE) AS contract_date,
                   CAST(contract AS DATE) AS start_date, CAST(contract AS DATE) + INTERVAL 1 YEAR AS due_date, status,
                   CAST(outstanding AS DECIMAL(18,2)) AS outstanding, CAST(od AS INTEGER) AS overdue_days,
                   'credit' AS security, purpose, 'other' AS industry, related AS related_party, 'batch-1' AS batch_id,
                   TIMESTAMP '2025-06-01 00:00:00' AS ingested_at, month
            FROM (VALUES {values}) t(company, month, loan_id, loan_version, borrower_key, borrower_group_key,
                 borrower_county, contract, rate, status, outstanding, od, purpose, upfront, related)
            ) TO '{folder / "batch-1.parquet"}' (FORMAT parquet)"""
        )
    con.close()
    return str(root / "loans" / "*" / "*.parquet")


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    glob = write_store(tmp_path_factory.mktemp("store"))
    result = evaluate_loans(default_rulebook(), glob, COMPANIES, as_of=AS_OF)
    return {(f.company, f.rule_id): f for f in result}


def _row(findings, company, rule_id):
    f = findings[(company, rule_id)]
    return f.loan_count, list(f.loan_ids), f.passed


def test_one_finding_per_company_and_rule(findings):
    """One finding per company and rule in force on the evaluation day (the 4 × LPR cap of the
    2020 text, in force until 2020-12-31, is not one of them in 2025)."""
    loan_rules = [r for r in default_rulebook() if r.source == "loans"]
    rules = [r.id for r in loan_rules if r.in_force(AS_OF)]
    assert len(loan_rules) == 14 and len(rules) == 13 and "loan_rate_cap_4x_lpr_2020" not in rules
    assert set(findings) == {(c, r) for c in (C1, C2, C3) for r in rules}


def test_the_4x_lpr_cap_of_the_text_in_force_on_the_evaluation_day(tmp_path):
    """Evaluated in 2020 the cap is the article 26 rule, from 2021 the current article 25 one;
    both test the same loans the same way (L2-01, contracted 2020-09-01 at 24 % > 4 × 3.85 %)."""
    glob = write_store(tmp_path)

    def caps(day):
        found = evaluate_loans(default_rulebook(), glob, COMPANIES, as_of=day)
        return {f.rule_id: f.loan_ids for f in found if f.company == C2 and "4x_lpr" in f.rule_id}

    assert caps(datetime.date(2020, 12, 31)) == {"loan_rate_cap_4x_lpr_2020": ("L2-01",)}
    assert caps(datetime.date(2021, 1, 1)) == {"loan_rate_cap_4x_lpr": ("L2-01",)}


def test_loan_rate_cap_4x_lpr(findings):
    assert _row(findings, C1, "loan_rate_cap_4x_lpr") == (1, ["L1-03"], False)
    assert _row(findings, C2, "loan_rate_cap_4x_lpr") == (2, ["L2-01", "L2-02"], False)
    assert _row(findings, C3, "loan_rate_cap_4x_lpr") == (0, [], True)  # L3-02 predates the LPR table
    assert findings[(C1, "loan_rate_cap_4x_lpr")].severity == "info"


def test_loan_outside_region(findings):
    assert _row(findings, C1, "loan_outside_region") == (1, ["L1-05"], False)
    assert _row(findings, C2, "loan_outside_region") == (1, ["L2-04"], False)
    assert _row(findings, C3, "loan_outside_region") == (0, [], True)


def test_loan_upfront_deduction(findings):
    assert _row(findings, C1, "loan_upfront_deduction") == (1, ["L1-05"], False)
    assert _row(findings, C2, "loan_upfront_deduction") == (1, ["L2-04"], False)


def test_loan_banned_purpose(findings):
    # L1-06 is settled in its latest version and L1-08 is contracted after the day: not counted.
    assert _row(findings, C1, "loan_banned_purpose") == (1, ["L1-07"], False)
    assert _row(findings, C2, "loan_banned_purpose") == (1, ["L2-04"], False)


def test_loan_related_party(findings):
    assert _row(findings, C1, "loan_related_party") == (1, ["L1-07"], False)
    assert _row(findings, C2, "loan_related_party") == (1, ["L2-02"], False)


def test_loan_single_borrower(findings):
    # Latest version of L1-01 (400,000, not 500,000) + L1-02 700,000.
    f = findings[(C1, "loan_single_borrower")]
    assert (f.value, f.threshold, f.passed) == (Decimal("0.110000"), Decimal("0.10"), False)
    assert findings[(C2, "loan_single_borrower")].value == Decimal("0.080000")
    assert findings[(C2, "loan_single_borrower")].passed is True
    assert findings[(C3, "loan_single_borrower")].passed is None  # net assets unknown


def test_loan_single_borrower_group(findings):
    assert findings[(C1, "loan_single_borrower_group")].value == Decimal("0.140000")
    assert findings[(C1, "loan_single_borrower_group")].passed is True
    assert findings[(C2, "loan_single_borrower_group")].value == Decimal("0.140000")


def test_loan_overdue_ratio(findings):
    assert findings[(C1, "loan_overdue_ratio")].value == Decimal("0.166667")
    assert findings[(C1, "loan_overdue_ratio")].passed is False
    assert findings[(C2, "loan_overdue_ratio")].value == Decimal("0.047619")
    assert findings[(C2, "loan_overdue_ratio")].passed is True


def test_loan_npl_ratio(findings):
    assert findings[(C1, "loan_npl_ratio")].value == Decimal("0.111111")
    assert findings[(C1, "loan_npl_ratio")].passed is False
    assert findings[(C2, "loan_npl_ratio")].passed is True  # 91 days counts: 0.047619 <= 0.05


def test_loan_agri_small_share(findings):
    assert findings[(C1, "loan_agri_small_share")].value == Decimal("0.666667")
    assert findings[(C1, "loan_agri_small_share")].passed is True
    assert findings[(C3, "loan_agri_small_share")].passed is False
    assert findings[(C3, "loan_agri_small_share")].severity == "info"


def test_lpr_as_of_join_at_boundary_dates(tmp_path):
    """On a publication day the new rate applies; the day before, the previous one."""
    lpr = dict(read_lpr())
    assert lpr[datetime.date(2024, 10, 21)] == Decimal("3.10")
    assert lpr[datetime.date(2023, 6, 20)] == Decimal("3.55")
    glob = write_store(tmp_path)
    found = evaluate_loans(default_rulebook(), glob, COMPANIES, as_of=AS_OF, max_listed=10)
    hits = {f.company: f.loan_ids for f in found if f.rule_id == "loan_rate_cap_4x_lpr"}
    assert "L1-03" in hits[C1] and "L1-04" not in hits[C1]  # 2024-10-21 vs 2024-10-20
    assert "L2-02" in hits[C2] and "L2-03" not in hits[C2]  # 2023-06-20 vs 2023-06-19


def test_hit_list_is_capped_but_counted(tmp_path):
    glob = write_store(tmp_path)
    found = evaluate_loans(default_rulebook(), glob, COMPANIES, as_of=AS_OF, max_listed=1)
    f = next(f for f in found if f.company == C2 and f.rule_id == "loan_rate_cap_4x_lpr")
    assert (f.loan_count, f.loan_ids, f.truncated) == (2, ("L2-01",), True)


def test_a_relation_can_be_evaluated(tmp_path):
    glob = write_store(tmp_path)
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)")
    found = evaluate_loans(default_rulebook(), rel, COMPANIES, as_of=AS_OF, con=con)
    assert len(found) == 39
    con.close()


LOAN_RULE = """
[[rules]]
id = "loan_test"
source = "loans"
description_zh = "测试"
description_en = "Test"
{body}
comparator = "="
threshold = 0
severity = "warning"
status_of_source = "U"
citation = {{ document = "文件", article = "第一条" }}
effective_from = 2021-01-01
"""


def _load(tmp_path, body: str):
    (tmp_path / "loans.toml").write_text(
        'kind = "microloan"\n' + LOAN_RULE.format(body=textwrap.dedent(body)), encoding="utf-8"
    )
    return load_rulebook(tmp_path)


@pytest.mark.parametrize(
    "body, problem",
    [
        ('condition = "no_such_column > 0"', "unknown column 'no_such_column'"),
        ('condition = "SUM(outstanding) > 0"', "aggregate function SUM is not allowed"),
        ('condition = "outstanding"', "a condition must be a comparison"),
        ('condition = "approved_counties = 1"', "list column 'approved_counties'"),
        ('condition = "list_contains(borrower_county, approved_counties)"', "list_contains takes a list column"),
        ('condition = "upfront_deduction > 0"\nformula = "COUNT(*)"', "a row rule (with 'condition') takes no"),
        ('formula = "outstanding / net_assets"', "DuckDB cannot type"),
        ('formula = "SUM(no_such_column)"', "unknown column 'no_such_column'"),
    ],
)
def test_loader_rejects_bad_loan_rules(tmp_path, body, problem):
    with pytest.raises(RulebookError) as err:
        _load(tmp_path, body)
    assert problem in str(err.value)


def test_loader_accepts_a_good_loan_rule(tmp_path):
    book = _load(tmp_path, 'condition = "NOT list_contains(approved_counties, borrower_county)"')
    assert book.get("loan_test").is_row_rule


def test_condition_is_for_data_source_rules_only(tmp_path):
    (tmp_path / "r.toml").write_text(
        textwrap.dedent(
            """
            kind = "private_capital"
            [[rules]]
            id = "x"
            report = "pc_quarterly"
            description_zh = "测试"
            description_en = "Test"
            formula = "related_party_investment / registered_capital"
            condition = "related_party_investment > 0"
            comparator = "<="
            threshold = 0.10
            severity = "serious"
            status_of_source = "U"
            citation = { document = "文件", article = "第一条" }
            effective_from = 2021-01-01
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match="'condition' is only for rules on a data source"):
        load_rulebook(tmp_path)


def test_report_rules_are_unaffected():
    book = default_rulebook()
    report_rules = [r for r in book if r.report is not None]
    assert report_rules and all(r.condition is None and r.source is None for r in report_rules)
    assert not any(r.source for r in book.for_report("pc_quarterly"))
