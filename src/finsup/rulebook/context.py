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
            "stake of the largest shareholder together with its related parties, as a ratio",
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


# Empty until the real-time monitoring issue registers "loans" here.
DATA_SOURCES: dict[str, DataSource] = {}
