"""What a rule may read besides the fields of its report: the context of the filing, and the
data sources a later issue may add (loan-level feeds).

The context is supplied by the caller for every filing, from the registry and the ratings.
This module is the one place that lists it: formulas are validated against fields ∪ context.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContextColumn:
    name: str
    sql_type: str
    required: bool  # the caller must put the key in every row (its value may be None)
    description: str


CONTEXT_COLUMNS: dict[str, ContextColumn] = {
    c.name.lower(): c
    for c in (
        ContextColumn("registered_capital", "DECIMAL(20,2)", True, "registered capital in the registry, yuan"),
        ContextColumn("paid_in_capital", "DECIMAL(20,2)", True, "paid-in capital in the registry, yuan"),
        ContextColumn("company_age_years", "DECIMAL(38,10)", True, "years from establishment to the period end"),
        ContextColumn(
            "established_this_year", "BOOLEAN", True, "established in the calendar year of the period end (当年设立)"
        ),
        ContextColumn(
            "rated_I_consecutive_years",
            "INTEGER",
            True,
            "consecutive most recent annual ratings at level I before this period; 0 when none",
        ),
        ContextColumn(
            "latest_rating_level",
            "VARCHAR",
            False,
            "level (I, II, III, IV, V, V1, V2) of the newest final annual rating before this period; NULL when none",
        ),
        ContextColumn("period_start", "DATE", True, "first day of the reporting period"),
        ContextColumn("period_end", "DATE", True, "last day of the reporting period"),
        # Optional: absent keys are NULL, and rules reading them are then not applicable
        # (or fall to the ELSE branch of a CASE).
        ContextColumn(
            "is_joint_stock", "BOOLEAN", False, "company limited by shares (股份有限公司), from the registry"
        ),
        ContextColumn(
            "main_shareholder_stake",
            "DECIMAL(38,10)",
            False,
            "subscribed capital of the largest shareholder together with its related parties (a related "
            "shareholder group of the registry) over the registered capital, as a ratio; NULL without shareholders",
        ),
    )
}


@dataclass(frozen=True)
class DataSource:
    """A non-report input of rules, e.g. the loan-level feed of a later issue. A rule names it
    with ``source = "<name>"`` instead of ``report = "<code>"``; its formula may then use the
    columns below and, if ``aggregates`` is set, aggregate functions grouped by ``group_by``."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # lower-case name -> DuckDB type
    aggregates: bool = False
    group_by: str = ""
    # Columns constant within a group (e.g. a company's net assets): an aggregate rule may read
    # them bare, as they are grouped on too.
    per_group: tuple[str, ...] = ()
    # Columns of type list (VARCHAR[]): only list functions (list_contains) may read them.
    lists: tuple[str, ...] = ()


LOAN_STORED_COLUMNS: dict[str, str] = {
    "company": "VARCHAR",
    "loan_id": "VARCHAR",
    "loan_version": "INTEGER",
    "borrower_key": "VARCHAR",
    "borrower_group_key": "VARCHAR",
    "phone_key": "VARCHAR",
    "borrower_type": "VARCHAR",  # person | sole_proprietor | farmer | enterprise
    "borrower_county": "VARCHAR",  # 6-digit administrative code
    "principal": "DECIMAL(18,2)",
    "annual_rate_all_in": "DECIMAL(9,4)",  # percent a year
    "upfront_deduction": "DECIMAL(18,2)",
    "contract_date": "DATE",
    "start_date": "DATE",
    "due_date": "DATE",
    "status": "VARCHAR",  # normal | overdue | settled | written_off
    "outstanding": "DECIMAL(18,2)",
    "overdue_days": "INTEGER",
    "security": "VARCHAR",
    "purpose": "VARCHAR",  # agriculture | small_business | consumer | business | real_estate | securities | other
    "industry": "VARCHAR",
    "related_party": "BOOLEAN",
    "batch_id": "VARCHAR",
    "ingested_at": "TIMESTAMP",
    "month": "VARCHAR",
}

# Supplied per company by the caller (companies dict of loans_engine.evaluate_loans).
LOAN_COMPANY_COLUMNS: dict[str, str] = {
    "net_assets": "DECIMAL(20,2)",  # yuan, prior year end
    "approved_counties": "VARCHAR[]",  # 6-digit codes of the approved operating area
    "online_lending": "BOOLEAN",  # licensed for online microloan business (registry)
}

# Loan purposes that count as production and business (生产经营) for the online caps per borrower;
# "consumer" is the other capped kind. Banned and "other" purposes are in neither.
BUSINESS_PURPOSES: tuple[str, ...] = ("agriculture", "small_business", "business")
CONSUMER_PURPOSES: tuple[str, ...] = ("consumer",)

# Computed by the engine for each current loan.
LOAN_DERIVED_COLUMNS: dict[str, str] = {
    "lpr_1y": "DECIMAL(9,4)",  # one-year LPR in percent at the contract date (as-of join on data/lpr_1y.csv)
    "borrower_balance": "DECIMAL(20,2)",  # outstanding of all live loans of the same borrower_key and company
    "borrower_group_balance": "DECIMAL(20,2)",  # same per borrower_group_key (borrower_key when none)
    # borrower_balance counting only the borrower's live loans of CONSUMER_PURPOSES / BUSINESS_PURPOSES
    "borrower_consumer_balance": "DECIMAL(20,2)",
    "borrower_business_balance": "DECIMAL(20,2)",
    # PBoC benchmark lending rate in percent at the contract date for terms up to one year (as-of join
    # on data/pboc_lending_benchmark.csv): the six-months-or-less tier when the loan runs six months or
    # less from start_date, else the six-months-to-one-year tier (merged from 2014-11-22); NULL before
    # the table's first date. Loans longer than a year take the one-year rate, a lower bound of theirs.
    "pboc_benchmark_1y": "DECIMAL(9,4)",
}

DATA_SOURCES: dict[str, DataSource] = {
    "loans": DataSource(
        name="loans",
        columns={**LOAN_STORED_COLUMNS, **LOAN_COMPANY_COLUMNS, **LOAN_DERIVED_COLUMNS},
        aggregates=True,
        group_by="company",
        per_group=("company", "net_assets"),
        lists=("approved_counties",),
    ),
}
