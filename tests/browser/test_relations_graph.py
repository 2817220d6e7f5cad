"""Issue 20 in a browser: the county's lead supervisor finds the undeclared related-party loan on
the institution's relations tab, opens its warning and reads the path that relates the borrower to
the company, then opens the relation view with its controller and graph."""

import re

import pytest
from playwright.sync_api import expect

from finsup.core import clock
from finsup.graph.rules import graph_evaluate
from tests import factories as f
from tests.graph.planted import AS_OF, NOON, plant

from .conftest import login, screenshot


@pytest.fixture
def loan_store(settings, tmp_path):
    settings.FINSUP_LOAN_STORE = tmp_path / "loan-store"
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""
    return tmp_path


@pytest.mark.browser
def test_the_supervisor_opens_the_undeclared_related_loan_and_its_path(page, world, loan_store, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOON)
    supervisor = world.lanshan["lead_supervisor"]
    inst, _, _ = plant(lead_supervisor=supervisor)
    with clock.at(NOON):
        graph_evaluate(as_of=AS_OF)

    login(page, supervisor.username, f.PASSWORD)
    page.goto(page.base + f"/institutions/{inst.pk}/?tab=relations")
    main = page.locator("main")
    expect(main).to_contain_text("未申报的关联方贷款")
    screenshot(page, "relations-tab")
    main.locator("a", has_text="未申报的关联方贷款：临沂恒远商贸有限公司").click()
    expect(page).to_have_url(re.compile(r"/warnings/\d+/$"))
    expect(main).to_contain_text("关联路径：")
    expect(main).to_contain_text("周恒远 持有 临沂恒远投资有限公司 80%")
    expect(main).to_contain_text("临沂恒远实业有限公司 持有 临沂恒远商贸有限公司 60%")
    expect(main).to_contain_text("报送数据未标注为关联方贷款")
    screenshot(page, "relations-warning")

    page.goto(page.base + f"/relations/institutions/{inst.pk}/")
    expect(main).to_contain_text("实际控制人")
    expect(main.locator(".card").first).to_contain_text("周恒远")
    expect(page.locator("#relation-graph canvas")).to_have_count(1)
    expect(main).to_contain_text("丁二")  # the declared relative, a related party
    screenshot(page, "relations-view")
