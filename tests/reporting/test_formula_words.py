"""The rulebook page's formulas in words (issue 16): fields and values by their names, operators and
SQL words in words, no identifier left; the expression itself only under the technical details."""

import re

import pytest
from django.utils import translation

from finsup.reporting.catalogue_access import rulebook
from finsup.reporting.formula_words import formula_in_words

IDENTIFIER = re.compile(r"[a-z]+_[a-z_0-9]+")


def test_every_rule_reads_as_words_in_chinese():
    with translation.override("zh-hans"):
        for rule in rulebook():
            words = formula_in_words(rule)
            assert not IDENTIFIER.search(words), (rule.id, words)
            assert not re.search(r"\b(CASE|WHEN|THEN|SUM|MAX)\b", words), (rule.id, words)


def test_a_ratio_reads_with_the_reports_own_names():
    with translation.override("zh-hans"):
        rule = rulebook().get("ml2020_standard_leverage")
        assert formula_in_words(rule) == "(债券融资余额 + 资产证券化产品融资余额) ÷ 净资产"
        loan = rulebook().get("loan_overdue_ratio")
        assert formula_in_words(loan) == "合计 (当 逾期天数 > 0 时，取 贷款余额，否则取 0) ÷ 合计 (贷款余额)"


@pytest.mark.django_db
def test_the_rulebook_page_keeps_the_expression_under_technical_details(client, world):
    client.force_login(world.lanshan["clerk"])
    page = client.get("/filings/rules/").content.decode()
    assert '<details class="tech"><summary>技术细节</summary>' in page
    assert "net_assets" in page  # the expression, for whoever opens the details
