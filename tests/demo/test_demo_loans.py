"""The demo's loan feeds: every operating microloan company pushed its loans, six month ends were
evaluated, and only some companies have problems (the page must show a realistic picture)."""

from finsup.institutions.models import Institution
from finsup.loans.models import LoanBatch, LoanPortfolioDay, LoanRuleResult
from finsup.monitoring.models import RiskWarning


def test_every_operating_microloan_company_fed_its_loans(loaded):
    feeders = Institution.objects.filter(kind="microloan", status="operating")
    # One batch each, and the two batches of the related-party structures the demo plants (demo/relations.py).
    assert LoanBatch.objects.filter(outcome="accepted").count() == feeders.count() + 2 > 2
    assert set(LoanBatch.objects.values_list("institution", flat=True)) == set(feeders.values_list("pk", flat=True))
    assert LoanPortfolioDay.objects.values("as_of").distinct().count() == 6


def test_loan_rules_have_a_history_and_some_companies_breach_them(loaded):
    days = sorted(set(LoanRuleResult.objects.values_list("as_of", flat=True)))
    assert len(days) == 6
    latest = LoanRuleResult.objects.filter(as_of=days[-1])
    companies = latest.values("institution").distinct().count()
    for rule in ("loan_banned_purpose", "loan_outside_region", "loan_related_party", "loan_single_borrower"):
        failed = latest.filter(rule_id=rule, passed=False).count()
        assert 0 < failed < companies / 2, rule
    assert not latest.filter(rule_id="loan_single_borrower", passed=None).exists()  # net assets are known
    assert RiskWarning.objects.filter(source="loan_monitoring").exists()
