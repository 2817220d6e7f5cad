"""The related-party rules on a planted structure, end to end: registry records through the
services (their change hook writes the links), ownership declared above the shareholders, loans
through the feed, then `graph_evaluate`: the undeclared related-party loans are found with their
paths and open warnings; the look-alike borrowers are not."""

import datetime

import pytest

from finsup.core import clock
from finsup.graph.models import GraphFinding, Link
from finsup.graph.rules import graph_evaluate
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning

from .planted import AS_OF, NOON, plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted():
    return plant()


def test_registry_changes_write_the_links_at_once(planted):
    inst, _, _ = planted
    kinds = sorted(Link.objects.filter(institution=inst).values_list("kind", flat=True))
    assert kinds.count("holds") == 6  # two shareholders, four declared holdings
    assert "key_person" in kinds and "declared" in kinds


def test_undeclared_related_loans_found_with_their_paths(planted):
    inst, codes, ids = planted
    with clock.at(NOON):
        summary = graph_evaluate(as_of=AS_OF)
    found = {x.subject: x for x in summary.findings}
    assert set(found) == {"临沂恒远商贸有限公司", "丁二"}  # not the declared loan, not the look-alikes
    path = found["临沂恒远商贸有限公司"].paths[0]
    assert path[:4] == [
        "临沂恒远控股有限公司 持有 临沂图谱测试小额贷款有限公司 55%",
        "临沂恒远投资有限公司 持有 临沂恒远控股有限公司 70%",
        "周恒远 持有 临沂恒远投资有限公司 80%",
        "周恒远 持有 临沂恒远实业有限公司 90%",
    ]
    assert path[-1].startswith("临沂图谱测试小额贷款有限公司 向 临沂恒远商贸有限公司 发放贷款")
    warnings = RiskWarning.objects.filter(source=WarningSource.RELATED_GRAPH, institution=inst)
    assert warnings.count() == 2
    detail = warnings.get(title__contains="临沂恒远商贸").detail
    assert "周恒远 持有 临沂恒远投资有限公司 80%" in detail and "50.00 万元" in detail
    assert GraphFinding.objects.filter(institution=inst, warning__isnull=False).count() == 2


def test_evaluating_again_opens_nothing_new(planted):
    with clock.at(NOON):
        graph_evaluate(as_of=AS_OF)
        again = graph_evaluate(as_of=AS_OF)
        later = graph_evaluate(as_of=AS_OF + datetime.timedelta(days=1))
    assert again.warnings_opened == 0 and later.warnings_opened == 0
    assert RiskWarning.objects.filter(source=WarningSource.RELATED_GRAPH).count() == 2
