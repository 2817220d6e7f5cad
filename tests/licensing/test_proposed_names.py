"""A change application's proposed values by their names, capital in 万元, the operating area by
its offices' names, on the page and in the audit trail (issue 16: "paid_in_capital: 150000000.00"
was shown)."""

import pytest
from django.utils import translation

from finsup.licensing.proposed import proposed_lines, proposed_text

pytestmark = pytest.mark.django_db


def test_each_value_by_its_name_and_capital_in_wan(world):
    with translation.override("zh-hans"):
        lines = proposed_lines({"paid_in_capital": "150000000.00", "business_region": ["371302", "371311"]})
        assert lines == [("实缴资本", "15,000.00 万元"), ("经营区域", "兰山区、罗庄区")]
        assert proposed_text({"name": "新名称"}) == "名称：新名称"
        assert proposed_lines("not a dict") == []
