"""The scheme files load and the loader refuses a malformed scheme."""

from decimal import Decimal
from pathlib import Path

import pytest

from finsup.ratings.schemes import SCHEMES_DIR, SchemeError, load_schemes, parse_scheme

PC = (SCHEMES_DIR / "private_capital-2024.toml").read_text(encoding="utf-8")


def test_the_shipped_schemes_load():
    schemes = load_schemes()
    assert ("private_capital", "2024") in schemes and ("microloan", "2023") in schemes
    ml = schemes[("microloan", "2023")]
    assert [b.level for b in ml.bands] == ["V2", "V1", "IV", "III", "II", "I"]
    assert "bands" in ml.office_sets  # RULES.md does not know the bands: the office sets them
    pc = schemes[("private_capital", "2024")]
    assert pc.levels["I"].funding_multiple == 4 and pc.levels["I"].funding_multiple_after_two_years == 5
    assert pc.level_for(Decimal("90")) == "I" and pc.level_for(Decimal("89.99")) == "II"
    assert pc.level_for(Decimal("100")) == "I" and pc.level_for(Decimal("0")) == "V"


def test_quantitative_steps_score_the_measured_value():
    pc = parse_scheme(PC)
    compliance, provisions = pc.indicator("compliance"), pc.indicator("provisions")
    assert [compliance.score_for(Decimal(n)) for n in (0, 1, 2, 3, 6, 7)] == [100, 80, 60, 60, 30, 0]
    assert provisions.score_for(Decimal("1.2")) == 80 and provisions.score_for(None) == 0


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("weight = 30", "weight = 31", "weights sum to 101"),
        ("min = 0\nmax = 60", "min = 5\nmax = 60", "cover 0–100"),
        ('level = "IV"\nmin = 60\nmax = 70', 'level = "IV"\nmin = 61\nmax = 70', "gap or overlap"),
        ('level = "V"\n', 'level = "V1"\n', "unknown levels"),
        ('measure = "rule_breaches"', 'measure = "vibes"', "unknown measure"),
        ('type = "qualitative"', 'type = "feeling"', "type must be"),
        ('measures = ["exit_advice"]', 'measures = ["jail"]', "unknown measures"),
    ],
)
def test_a_malformed_scheme_is_refused(old, new, message):
    assert old in PC
    with pytest.raises(SchemeError, match=message):
        parse_scheme(PC.replace(old, new, 1), path="x.toml")


def test_a_scheme_defined_twice_is_refused(tmp_path, settings):
    from finsup.ratings import schemes

    for name in ("a.toml", "b.toml"):
        Path(tmp_path / name).write_text(PC, encoding="utf-8")
    settings.FINSUP_RATING_SCHEMES_DIR = str(tmp_path)
    with pytest.raises(SchemeError, match="defined twice"):
        schemes.load_schemes()
