"""finsup.core.numbers: figures as the office reads them, in both languages."""

from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from finsup.core import numbers


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_money_in_wan_yuan_with_separators_and_two_decimals():
    assert numbers.wan(Decimal("12345678")) == "1,234.57"
    assert numbers.wan(Decimal("123456789012.345")) == "12,345,678.90"
    assert numbers.wan(None) == numbers.EMPTY
    assert numbers.wan("") == numbers.EMPTY
    assert numbers.yuan("1234567.5") == "1,234,567.50"


def test_ratios_as_percentages_and_multiples_as_times():
    assert numbers.percent(Decimal("0.466505")) == "46.65%"
    assert numbers.percent(Decimal("0.10"), None) == "10%"
    assert numbers.percent(Decimal("0.082414"), None) == "8.2414%"
    assert numbers.times(10) == numbers.times(Decimal("10.000000"))
    assert "10" in numbers.times(10) and "3.5" in numbers.times(Decimal("3.5"))


def test_grouping_keeps_the_digits_it_is_given():
    assert numbers.grouped(Decimal("100000000.000000")) == "100,000,000"
    assert numbers.grouped(Decimal("0.083000")) == "0.083"
    assert numbers.grouped("1E+3") == "1,000"
    assert numbers.grouped("not a number") == "not a number"
    assert numbers.grouped(Decimal("-1234.5"), 2) == "-1,234.50"


def test_a_value_is_never_rounded_onto_its_limit():
    # 10.004% beside "≤ 10%" must not read "10.00%"; a value far from it keeps two decimals
    assert numbers.shown(Decimal("0.10004"), numbers.PERCENT, against="0.10") == "10.004%"
    assert numbers.shown(Decimal("0.0999999"), numbers.PERCENT, against="0.10") == "9.99999%"
    assert numbers.shown(Decimal("0.466505"), numbers.PERCENT, against="0.6") == "46.65%"
    assert numbers.shown(Decimal("0.10"), numbers.PERCENT, against="0.10") == "10.00%"
    assert numbers.shown(Decimal("20000000.4"), numbers.WAN_YUAN, against="20000000") == "2,000.00004 万元"


def test_each_unit_shown():
    assert numbers.shown(Decimal("20000000"), numbers.WAN_YUAN) == "2,000.00 万元"
    assert numbers.shown(Decimal("3.000000"), numbers.COUNT) == "3"
    assert numbers.shown(Decimal("12345"), numbers.COUNT) == "12,345"
    assert numbers.shown(Decimal("24.500000"), numbers.PLAIN) == "24.5"
    assert numbers.shown(Decimal("10.000000"), numbers.TIMES) == numbers.times(10)
    assert numbers.shown(None, numbers.PERCENT) == numbers.EMPTY


def test_limits_keep_every_digit():
    assert numbers.limit_text("<=", Decimal("0.10"), numbers.PERCENT) == "≤ 10%"
    assert numbers.limit_text(">=", "0.0833", numbers.PERCENT) == "≥ 8.33%"
    assert numbers.limit_text(">=", Decimal("20000000"), numbers.WAN_YUAN) == "≥ 2,000.00 万元"
    assert numbers.limit_text("=", "0", numbers.COUNT) == "= 0"
    assert numbers.limit_text("<=", "", numbers.PERCENT) == numbers.EMPTY
    between = numbers.limit_text("between", "0.20–0.51", numbers.PERCENT)
    assert "20%" in between and "51%" in between
    assert between == numbers.limit_text("between", None, numbers.PERCENT, low="0.20", high="0.51")


def test_the_unit_words_follow_the_language():
    assert numbers.wan_yuan(10000) == "1.00 万元"
    with translation.override("en"):
        assert numbers.wan_yuan(10000) == "1.00 10k yuan"


def test_djangos_intcomma_groups_by_thousands_in_chinese_too():
    # config/formats/zh_Hans: Django's own zh_Hans has no separator and groups by four
    assert intcomma(1234567) == "1,234,567"
    assert intcomma("1234567.89") == "1,234,567.89"
