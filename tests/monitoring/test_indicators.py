import datetime
import json
import re
from decimal import Decimal

from finsup.monitoring.selectors import indicator_series

from .factories import make_filing, make_result

Q1, Q2, Q3 = datetime.date(2025, 3, 31), datetime.date(2025, 6, 30), datetime.date(2025, 9, 30)


def _filings(world):
    by = world.city["clerk"]
    q1, q2, q3 = (make_filing(world.inst_lanshan, period_end=d, by=by) for d in (Q1, Q2, Q3))
    make_result(q2, "pcm.equity_debt_ratio", "0.65", passed=False)
    make_result(q1, "pcm.equity_debt_ratio", "0.72")
    make_result(q3, "pcm.equity_debt_ratio", "0.81")
    make_result(q1, "pcm.provision_adequacy", "1.2", "1")
    make_result(q1, "pcm.provision_adequacy", "0.5", "1", current=False)  # replaced by a re-evaluation
    returned = make_filing(world.inst_lanshan, period_end=Q1, by=by, report_code="OTHER", status="returned")
    make_result(returned, "pcm.other", "9")  # a returned filing does not count
    return q1, q2, q3


def test_the_series_per_rule_in_period_order(world):
    _filings(world)
    series = indicator_series(actor=world.lanshan["inspector"], institution=world.inst_lanshan)
    assert series == {
        "pcm.equity_debt_ratio": [
            (Q1, Decimal("0.72"), "0.7", True),
            (Q2, Decimal("0.65"), "0.7", False),
            (Q3, Decimal("0.81"), "0.7", True),
        ],
        "pcm.provision_adequacy": [(Q1, Decimal("1.2"), "1", True)],
    }
    assert indicator_series(actor=world.luozhuang["inspector"], institution=world.inst_lanshan) == {}


def test_the_page_carries_the_series_as_json(world, client):
    _filings(world)
    client.force_login(world.city["lead_supervisor"])
    response = client.get(f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "js/indicators.js" in html and "echarts.min.js" in html
    block = re.search(r'<script id="indicator-data" type="application/json">(.*?)</script>', html, re.S)
    charts = {c["rule"]: c for c in json.loads(block.group(1))}
    ratio = charts["pcm.equity_debt_ratio"]
    assert ratio["periods"] == ["2025-03-31", "2025-06-30", "2025-09-30"]
    assert [Decimal(v) for v in ratio["values"]] == [Decimal("0.72"), Decimal("0.65"), Decimal("0.81")]
    assert ratio["passed"] == [True, False, True] and ratio["constant_threshold"] == "0.7"
    assert set(charts) == {"pcm.equity_debt_ratio", "pcm.provision_adequacy"}
    assert html.count("data-indicator=") == 2


def test_a_threshold_that_changes_or_is_a_formula_is_kept_per_period(world, client):
    q1, q2, _q3 = _filings(world)
    make_result(q1, "pcm.funding_limit", "2.5", "3")
    make_result(q2, "pcm.funding_limit", "3.5", "4")
    make_result(q1, "pcm.formula", "1", "registered_capital * 3")
    client.force_login(world.city["inspector"])
    html = client.get(f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/").content.decode()
    block = re.search(r'<script id="indicator-data" type="application/json">(.*?)</script>', html, re.S)
    charts = {c["rule"]: c for c in json.loads(block.group(1))}
    assert charts["pcm.funding_limit"]["constant_threshold"] is None
    assert charts["pcm.funding_limit"]["thresholds"] == ["3", "4"]
    assert charts["pcm.formula"]["thresholds"] == [None]
    assert charts["pcm.formula"]["threshold_labels"] == ["registered_capital * 3"]


def test_an_institution_without_results_and_one_outside_the_jurisdiction(world, client):
    client.force_login(world.lanshan["inspector"])
    response = client.get(f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/")
    assert response.status_code == 200 and "indicator-data" not in response.content.decode()
    assert client.get(f"/warnings/institutions/{world.inst_luozhuang.pk}/indicators/").status_code == 404


def test_a_rule_of_the_rulebook_is_described(world, client):
    filing = make_filing(world.inst_lanshan, period_end=Q1, by=world.city["clerk"], report_code="pc_quarterly")
    make_result(filing, "pc_provision_adequacy", "1.4", "1.00")
    client.force_login(world.city["inspector"])
    html = client.get(f"/warnings/institutions/{world.inst_lanshan.pk}/indicators/").content.decode()
    assert "准备金充足率" in html
