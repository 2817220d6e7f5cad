"""The demo's related-party structures (demo/relations.py) are found by the graph: the controller
two layers above the largest shareholder, his three companies' undeclared loans and their group
above the limit, the borrower of two companies and the three borrowers sharing a phone; in a real
browser the county's lead supervisor opens the undeclared loan's warning and reads its path."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from finsup.demo.logins import PASSWORD
from finsup.graph.models import GraphFinding
from finsup.graph.selectors import city_list, relation_view
from finsup.institutions.models import Institution
from finsup.monitoring.models import RiskWarning
from tests.browser.conftest import login, screenshot

COMPANIES = {"临沂恒远商贸有限公司", "临沂恒远建材有限公司", "临沂恒远物流有限公司"}


def _planted():
    finding = GraphFinding.objects.filter(kind="undeclared_loan").select_related("institution").first()
    return finding.institution


def test_the_planted_structures_are_found(loaded):
    inst = _planted()
    assert inst.county.code == "371302" and inst.kind == "microloan"
    undeclared = GraphFinding.objects.filter(institution=inst, kind="undeclared_loan")
    assert set(undeclared.values_list("subject", flat=True)) == COMPANIES  # recall on the planted set
    assert not GraphFinding.objects.exclude(institution=inst).exists()  # nothing on the other companies
    group = GraphFinding.objects.get(institution=inst, kind="group_concentration")
    assert group.value > group.limit == Decimal("0.15")
    assert RiskWarning.objects.filter(source="related_graph", institution=inst).count() == 4
    view = relation_view(institution=inst)
    assert view.controller == "周恒远" and len(view.controller_path) == 3


def test_exposure_across_institutions_and_the_shared_phone(loaded):
    inst = _planted()
    view = relation_view(institution=inst)
    crossing = {row.name: row for row in view.exposure}
    assert "临沂恒远商贸有限公司" in crossing and len(crossing["临沂恒远商贸有限公司"].institutions) == 1
    other = Institution.objects.get(name=crossing["临沂恒远商贸有限公司"].institutions[0])
    assert any(len(s) == 3 for s in relation_view(institution=other).suspicions)  # one phone, three borrowers
    from finsup.accounts.models import User

    rows = city_list(actor=User.objects.get(username="city_supervisor"))
    # The group under 周恒远 borrows from both companies (its members named, the largest three).
    assert any("临沂恒远商贸有限公司" in r.name and len(r.institutions) == 2 for r in rows)


@pytest.mark.browser
def test_the_supervisor_reads_the_path_of_the_demo_warning(demo_browser, demo_server, loaded):
    inst = _planted()
    context = demo_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = demo_server.url
    try:
        login(page, "lanshan_supervisor", PASSWORD)
        page.goto(f"{demo_server.url}/institutions/{inst.pk}/?tab=relations")
        main = page.locator("main")
        main.locator("a", has_text="未申报的关联方贷款：临沂恒远商贸有限公司").click()
        expect(page).to_have_url(re.compile(r"/warnings/\d+/$"))
        expect(main).to_contain_text("关联路径：")
        expect(main).to_contain_text("周恒远 持有 临沂恒远实业有限公司 90%")
        expect(main).to_contain_text("临沂恒远实业有限公司 持有 临沂恒远商贸有限公司 60%")
        screenshot(page, "demo-relations-warning")
        page.click("text=股权与关联关系图")
        expect(main).to_contain_text("实际控制人")
        expect(page.locator("#relation-graph canvas")).to_have_count(1)
        screenshot(page, "demo-relations-view")
    finally:
        context.close()
