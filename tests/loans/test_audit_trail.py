"""Audit entries of loan batches, loan rule results and loan books carry the company's county as
their office path, like every institution-scoped entry: the county's trail shows them and another
county's does not. The chain still verifies."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finsup.audit.choices import AuditAction
from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_verify
from finsup.loans.choices import FeedChannel
from finsup.loans.evaluation import loans_evaluate
from finsup.loans.feeds import loan_batch_receive
from finsup.loans.models import LoanRuleResult
from finsup.rulebook.loader import Citation
from finsup.rulebook.loans_engine import LoanFinding

from .factories import write_csv
from .feed_helpers import own_rows

pytestmark = pytest.mark.django_db

LOAN_TYPES = {"loans.loanbatch", "loans.loanruleresult", "loans.loanportfolioday"}


def _receive(inst, by, tmp_path):
    path = write_csv(tmp_path / f"{inst.credit_code}.csv", own_rows(inst))
    return loan_batch_receive(institution=inst, channel=FeedChannel.UPLOAD, source_name=path.name, path=path, by=by)


@pytest.fixture
def two_batches(world, tmp_path):
    """A batch of the Lanshan company and one of the Luozhuang company, both accepted and evaluated."""
    return (
        _receive(world.inst_lanshan, world.clerk_lanshan_inst, tmp_path),
        _receive(world.inst_luozhuang, world.clerk_luozhuang_inst, tmp_path),
    )


def _trail(client, user, object_type: str) -> list[AuditEntry]:
    """The audit trail page as ``user`` sees it, filtered to one object type."""
    client.force_login(user)
    response = client.get(reverse("audit:list"), {"object_type": object_type})
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_loan_entries_carry_the_office_path_of_the_company_county(two_batches):
    for batch in two_batches:
        entry = AuditEntry.objects.get(object_type="loans.loanbatch", object_id=str(batch.pk))
        assert entry.office_path == batch.institution.county.path
    written = AuditEntry.objects.filter(object_type__in=LOAN_TYPES)
    assert set(written.values_list("object_type", flat=True)) == LOAN_TYPES
    assert not written.filter(office_path="").exists()


@pytest.mark.parametrize("role", ["leader", "auditor"])
def test_a_county_reader_finds_the_loan_batch_of_its_county_and_not_of_another(client, world, two_batches, role):
    lanshan_batch, luozhuang_batch = two_batches
    for county, own, other in (
        (world.lanshan, lanshan_batch, luozhuang_batch),
        (world.luozhuang, luozhuang_batch, lanshan_batch),
    ):
        listed = {e.object_id for e in _trail(client, county[role], "loans.loanbatch")}
        assert str(own.pk) in listed and str(other.pk) not in listed
    results = _trail(client, world.lanshan[role], "loans.loanruleresult")
    assert results and {e.office_path for e in results} == {world.inst_lanshan.county.path}
    city = {e.object_id for e in _trail(client, world.city[role], "loans.loanbatch")}
    assert {str(lanshan_batch.pk), str(luozhuang_batch.pk)} <= city  # the city reads all of its counties


def test_a_changed_result_is_audited_with_the_office_path_too(world, two_batches):
    inst = world.inst_lanshan
    result = LoanRuleResult.objects.filter(institution=inst, passed=False).order_by("rule_id").first()
    changed = LoanFinding(
        company=inst.credit_code,
        rule_id=result.rule_id,
        rule_version=result.rule_version,
        value=(result.value or Decimal(0)) + 1,
        threshold=None,
        comparator=result.comparator,
        passed=False,
        severity=result.severity,
        citation=Citation(document="test", article="1"),
    )
    assert loans_evaluate(as_of=result.as_of, institutions=[inst], findings=[changed]).results_written == 1
    entry = AuditEntry.objects.get(
        object_type="loans.loanruleresult", object_id=str(result.pk), action=AuditAction.UPDATE
    )
    assert entry.office_path == inst.county.path


def test_the_chain_still_verifies(two_batches):
    assert AuditEntry.objects.filter(object_type__in=LOAN_TYPES).count() > 2
    assert audit_verify(anchors=False).intact
