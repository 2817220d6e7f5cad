"""The related-party rules on a planted structure, end to end: registry records through the
services (their change hook writes the links), ownership declared above the shareholders, loans
through the feed, then `graph_evaluate`: the undeclared related-party loans are found with their
paths and open warnings; the look-alike borrowers are not."""

import datetime
from decimal import Decimal

import pytest

from finsup.accounts.choices import Role
from finsup.core import clock
from finsup.graph.models import GraphFinding, Link
from finsup.graph.rules import graph_evaluate
from finsup.graph.selectors import relation_view
from finsup.institutions import services as registry
from finsup.institutions.models import RelatedParty
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning
from tests import factories as f

from .planted import AS_OF, NOON, declare, hold, plant

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


def test_shareholders_under_one_controller_count_together_for_the_main_investor(db):
    """Two enterprise shareholders of a private capital manager (30% and 25%, each under the 51% of
    its main investor) are both held by one person above them: together 55%, outside the rule."""
    clerk = f.make_user("pc_clerk", Role.CLERK, "371302")
    inst = f.make_institution("371302", kind="private_capital", name="临沂图谱测试资本管理有限公司")
    codes = [f.credit_code() for _ in range(3)]
    person = f.id_number()
    with clock.at(NOON):
        for code, name, stake in (
            (codes[0], "临沂甲投资有限公司", 30),
            (codes[1], "临沂乙投资有限公司", 25),
            (codes[2], "临沂丙投资有限公司", 45),
        ):
            hold(clerk, inst, name, stake, code=code)
        for code, name in ((codes[0], "临沂甲投资有限公司"), (codes[1], "临沂乙投资有限公司")):
            declare(clerk, inst, name, code, "钱多多", 60, id_number=person)
        summary = graph_evaluate(as_of=AS_OF)
    found = [x for x in summary.findings if x.institution_id == inst.pk]
    assert [(x.kind, x.rule_id, x.value) for x in found] == [("shareholder_group", "pc_main_investor", Decimal("0.55"))]
    assert found[0].paths[0] == [
        "临沂甲投资有限公司 持有 临沂图谱测试资本管理有限公司 30%",
        "钱多多 持有 临沂甲投资有限公司 60%",
    ]
    warning = RiskWarning.objects.get(source=WarningSource.RELATED_GRAPH, institution=inst)
    assert "合计持股占注册资本 55.00%，限值 介于 20% 与 51% 之间。" in warning.detail


def test_the_relation_view_finds_the_controller_eleven_layers_up(db):
    """Declared ownership eleven layers above the largest shareholder: the page's controller is the
    person at the top, the path every layer in order (read from the database layer by layer)."""
    clerk = f.make_user("deep_clerk", Role.CLERK, "371302")
    inst = f.make_institution("371302", name="临沂深层测试小额贷款有限公司")
    codes = [f.credit_code() for _ in range(11)]
    top = f.id_number()
    with clock.at(NOON):
        hold(clerk, inst, "第0层公司", 51, code=codes[0])
        for layer in range(1, 12):
            held, code = f"第{layer - 1}层公司", codes[layer - 1]
            if layer == 11:
                declare(clerk, inst, held, code, "顶层自然人", 60, id_number=top)
            else:
                declare(clerk, inst, held, code, f"第{layer}层公司", 60, code=codes[layer])
    view = relation_view(institution=inst)
    assert view.controller == "顶层自然人"
    assert len(view.controller_path) == 12
    assert view.controller_path[0] == "第0层公司 持有 临沂深层测试小额贷款有限公司 51%"
    assert view.controller_path[-1] == "顶层自然人 持有 第10层公司 60%"


def test_a_related_party_declared_without_its_code_is_matched_by_name_not_a_look_alike(db):
    clerk = f.make_user("match_clerk", Role.CLERK, "371302")
    a, b = f.make_institution("371302"), f.make_institution("371302")
    code = f.credit_code()
    with clock.at(NOON):
        hold(clerk, a, "临沂华信商贸有限公司", 40, code=code)
        for name in ("临沂华信商贸（有限公司）", "临沂华信商务有限公司"):
            registry.related_party_save(by=clerk, party=RelatedParty(institution=b, name=name, relation="other"))
    declared = Link.objects.filter(institution=b, kind="declared").select_related("src")
    by_name = {link.src.name: link.src.key for link in declared}
    holder = Link.objects.get(institution=a, kind="holds").src.key
    assert by_name["临沂华信商贸有限公司"] == holder  # the party keeps the registry's name, matched
    assert by_name["临沂华信商务有限公司"] != holder and by_name["临沂华信商务有限公司"].startswith("n:")
