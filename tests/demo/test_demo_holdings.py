"""The demo's shareholdings as the rules read them: every private capital manager's filings get a
result for the main-investor rule (20-51%, with related parties), and only a few breach it."""

from finsup.demo.holdings import BREACHES
from finsup.institutions.models import ShareholderGroup
from finsup.monitoring.models import RiskWarning
from finsup.reporting.models import RuleResult


def test_the_main_investor_rule_applies_and_a_few_breach(loaded):
    results = RuleResult.objects.filter(rule_id="pc_main_investor", current=True)
    assert results.exists() and not results.filter(passed__isnull=True).exists()
    breaching = set(results.filter(passed=False).values_list("submission__institution__name", flat=True))
    assert len(breaching) == len(BREACHES)
    # One of them breaches only with a related shareholder: its group is in the registry.
    assert ShareholderGroup.objects.filter(institution__name__in=breaching).count() == 1
    warned = RiskWarning.objects.filter(rule_id="pc_main_investor").values("institution").distinct().count()
    assert warned == len(BREACHES)


def test_some_institutions_have_related_shareholder_groups_of_two(loaded):
    kinds = set(ShareholderGroup.objects.values_list("institution__kind", flat=True))
    assert {"microloan", "guarantee", "private_capital"} <= kinds
    for group in ShareholderGroup.objects.all():
        assert group.members.count() == 2
