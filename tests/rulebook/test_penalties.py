"""The penalty ranges as data: what the texts say, written here by hand (山东省地方金融条例 2016,
第五十条–第五十四条; 融资担保公司监督管理条例 国务院令第683号, 第三十七条–第四十二条), and a file
that would mislead is refused when it loads."""

import datetime
import textwrap
from decimal import Decimal

import pytest

from finsup.rulebook.penalties import PenaltyError, amount_zh, default_penalties, load_penalties, penalties_for

D = Decimal
SD = "山东省地方金融条例"
FG = "融资担保公司监督管理条例"
OTHERS = ("microloan", "private_capital", "lending_registry")

# id: (document, article, low, high, kinds)
EXPECTED = {
    "sd_fin_50": (SD, "第五十条", 10_000, 30_000, OTHERS),
    "sd_fin_50_serious": (SD, "第五十条", 30_000, 50_000, OTHERS),
    "sd_fin_51": (SD, "第五十一条", 10_000, 30_000, OTHERS),
    "sd_fin_51_false": (SD, "第五十一条", 30_000, 50_000, OTHERS),
    "sd_fin_53": (SD, "第五十三条", 30_000, 50_000, OTHERS),
    "sd_fin_53_serious": (SD, "第五十三条", 50_000, 100_000, OTHERS),
    "sd_fin_54": (SD, "第五十四条", 50_000, 100_000, OTHERS),
    "sd_fin_54_major_risk": (SD, "第五十四条", 100_000, 500_000, OTHERS),
    "fg683_37": (FG, "第三十七条", 100_000, 500_000, ("guarantee",)),
    "fg683_38": (FG, "第三十八条", 50_000, 100_000, ("guarantee",)),
    "fg683_39": (FG, "第三十九条", 500_000, 1_000_000, ("guarantee",)),
    "fg683_40": (FG, "第四十条", 100_000, 500_000, ("guarantee",)),
    "fg683_41": (FG, "第四十一条", 50_000, 200_000, ("guarantee",)),
    "fg683_42": (FG, "第四十二条", 200_000, 500_000, ("guarantee",)),
}


def test_the_ranges_are_those_of_the_texts():
    found = {p.id: (p.document, p.article, int(p.low), int(p.high), p.kinds) for p in default_penalties().values()}
    assert found == EXPECTED
    for p in default_penalties().values():
        assert p.status_of_source == "V" and p.source and p.conduct_zh and p.conduct_en
        assert p.effective_from == (datetime.date(2016, 7, 1) if p.document == SD else datetime.date(2017, 10, 1))


@pytest.mark.parametrize("penalty_id", sorted(EXPECTED))
def test_both_ends_are_inside_and_one_yuan_beyond_is_outside(penalty_id):
    p = default_penalties()[penalty_id]
    assert p.allows(p.low) and p.allows(p.high)
    assert not p.allows(p.low - 1) and not p.allows(p.high + 1)
    assert not p.allows(p.high + D("0.01"))


def test_which_ranges_an_institution_may_be_fined_under():
    day = datetime.date(2026, 12, 1)
    assert [p.article for p in penalties_for("guarantee", day)] == [
        "第三十七条", "第三十八条", "第三十九条", "第四十条", "第四十一条", "第四十二条",
    ]  # fmt: skip
    pc = {p.id for p in penalties_for("private_capital", day)}
    assert pc == {i for i, e in EXPECTED.items() if e[0] == SD}
    assert penalties_for("guarantee", datetime.date(2017, 9, 30)) == []  # before Decree 683 was in force
    assert penalties_for("microloan", datetime.date(2016, 6, 30)) == []


def test_citation_and_range_in_the_words_of_the_regulation():
    p = default_penalties()["sd_fin_50"]
    assert (p.citation, p.range_zh) == ("《山东省地方金融条例》第五十条", "1万元以上3万元以下")
    assert default_penalties()["fg683_39"].range_zh == "50万元以上100万元以下"
    assert amount_zh(D("25000")) == "2.5万元"
    assert amount_zh(D("30001")) == "30,001.00元"


GOOD = """
[[penalties]]
id = "p1"
document = "条例"
document_en = "Regulation"
article = "第一条"
conduct_zh = "行为"
conduct_en = "Conduct"
low = 10000
high = 30000
kinds = ["microloan"]
status_of_source = "V"
source = "条例第一条"
effective_from = 2016-07-01
"""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("low = 10000", "low = 40000"), "low 40000 is greater than high 30000"),
        (('kinds = ["microloan"]', 'kinds = ["bank"]'), "'kinds' must be a non-empty list"),
        (('status_of_source = "V"', 'status_of_source = "X"'), "'status_of_source' must be one of"),
        (("high = 30000", "high = -1"), "'high' must be a non-negative amount"),
        (("high = 30000", "high = 30000.5"), "'high' must be an amount in yuan"),
        (('article = "第一条"', 'article = ""'), "'article' is required text"),
        (("effective_from = 2016-07-01", 'effective_from = "soon"'), "'effective_from' must be a TOML date"),
        (('id = "p1"', 'id = "p1"\nextra = 1'), "unknown key 'extra'"),
    ],
)
def test_a_misleading_file_is_refused(tmp_path, change, problem):
    path = tmp_path / "penalties.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(PenaltyError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_penalties(path)


def test_ids_are_unique(tmp_path):
    path = tmp_path / "penalties.toml"
    path.write_text(GOOD + textwrap.dedent(GOOD), encoding="utf-8")
    with pytest.raises(PenaltyError, match="the id is used twice"):
        load_penalties(path)
    path.write_text(GOOD, encoding="utf-8")
    assert list(load_penalties(path)) == ["p1"]
