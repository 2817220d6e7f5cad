"""A microloan company with a clerk, and loan rows of its own with known breaches."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from finsup.accounts.choices import Role
from finsup.loans.models import LoanBatch, LoanPortfolioDay, LoanRuleResult
from finsup.monitoring.models import RiskWarning
from tests import factories as f

from .factories import make_rows


def company(prefix: str = "ml"):
    lead = f.make_user(f"{prefix}_lead", Role.LEAD_SUPERVISOR, "371302")
    inst = f.make_institution(lead_supervisor=lead)
    clerk = f.make_user(f"{prefix}_clerk", Role.INSTITUTION, institution=inst)
    return inst, clerk


def own_rows(inst, n: int = 60, seed: int = 11) -> list[dict[str, str]]:
    """Rows of ``inst`` contracted in 2025, with breaches: loan 0 is to a related party, loan 1 is
    for securities (banned), loan 2 far above 4 x LPR, loan 3 outside the approved region."""
    rows = make_rows(max(n, 4), seed=seed, companies=1)
    for row in rows:
        row["company_credit_code"] = inst.credit_code
    rows[1]["purpose"] = "securities"
    rows[2]["annual_rate_all_in"] = "36.00"
    rows[3]["borrower_county"] = "370102"
    for i in (0, 1, 2, 3):
        rows[i]["status"], rows[i]["overdue_days"] = "normal", "0"
        rows[i]["outstanding"] = rows[i]["principal"]
    return rows[:n]


def state(store: Path) -> dict:
    """Everything a batch may change: the store's files and the database rows it feeds."""
    files = (
        {str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*.parquet"))} if store.exists() else {}
    )
    return {
        "files": files,
        "warnings": sorted(RiskWarning.objects.values_list("key", "title", "detail", "status")),
        "results": sorted(
            LoanRuleResult.objects.values_list("institution_id", "as_of", "rule_id", "value", "passed", "loan_count")
        ),
        "books": sorted(LoanPortfolioDay.objects.values_list("institution_id", "as_of", "live_loans", "outstanding")),
    }


def batches() -> list[tuple]:
    return list(LoanBatch.objects.order_by("pk").values_list("outcome", "rows_written", "rows_replayed"))


AS_OF = datetime.date(2026, 11, 27)
NET_ASSETS = Decimal("50000000")
