"""The guarantee and lending registry schemes: no Shandong scheme is known for either, so every
figure is the office's, and the quantitative indicators name only rules and sources that exist."""

import datetime
from decimal import Decimal

import pytest

from finsup.monitoring.choices import WarningSource
from finsup.ratings.choices import Measure
from finsup.ratings.schemes import load_schemes, scheme_in_force
from finsup.rulebook import default_rulebook

NEW = [("guarantee", "2018", datetime.date(2018, 4, 2)), ("lending_registry", "2020", datetime.date(2020, 8, 3))]
LEVELS = ["V", "IV", "III", "II", "I"]


@pytest.mark.parametrize("kind,version,effective", NEW)
def test_the_scheme_loads_with_levels_i_to_v(kind, version, effective):
    scheme = load_schemes()[(kind, version)]
    assert scheme.effective_from == effective and scheme.effective_to is None
    assert sum(i.weight for i in scheme.indicators) == 100
    assert [b.level for b in scheme.bands] == LEVELS
    assert scheme.bands[0].min == 0 and scheme.bands[-1].max == 100
    assert scheme.level_for(Decimal("0")) == "V" and scheme.level_for(Decimal("59.99")) == "V"
    assert scheme.level_for(Decimal("60")) == "IV" and scheme.level_for(Decimal("100")) == "I"
    assert set(scheme.levels) == set(LEVELS)
    for effects in scheme.levels.values():
        assert effects.inspection_zh and effects.inspection_en and effects.restrictions_zh and effects.restrictions_en
        assert effects.funding_multiple is None  # neither kind has a funding limit by level
    assert scheme.levels["V"].measures and set(scheme.levels["V"].measures) <= set(Measure.values)
    assert Measure.LOSS_OF_PILOT_STATUS not in {m for e in scheme.levels.values() for m in e.measures}
    assert scheme.qualitative and any(i.quantitative for i in scheme.indicators)


@pytest.mark.parametrize("kind,version,effective", NEW)
def test_every_figure_is_flagged_as_set_by_the_office(kind, version, effective):
    scheme = load_schemes()[(kind, version)]
    assert scheme.status_of_source == "U"
    for figure in ("levels", "indicators", "weights", "bands", "levels.inspection", "levels.restrictions"):
        assert figure in scheme.office_sets


@pytest.mark.parametrize("kind,version,effective", NEW)
def test_the_scheme_is_in_force_from_its_effective_date(kind, version, effective):
    assert scheme_in_force(kind, effective - datetime.timedelta(days=1)) is None
    assert scheme_in_force(kind, effective).version == version
    assert scheme_in_force(kind, datetime.date(2025, 12, 31)).version == version


def test_quantitative_indicators_name_existing_rules_and_warning_sources():
    rulebook = default_rulebook()
    for scheme in load_schemes().values():
        for ind in scheme.indicators:
            for rule_id in filter(None, (ind.rule, *ind.rules)):
                rule = rulebook.get(rule_id)  # KeyError when the rule does not exist
                assert rule.kind == scheme.kind, f"{scheme.path}: {rule_id} is a {rule.kind} rule"
            assert set(ind.sources) <= set(WarningSource.values), scheme.path


def test_the_guarantee_asset_ratio_scores_the_rulebook_value():
    scheme = load_schemes()[("guarantee", "2018")]
    ratio = scheme.indicator("asset_ratio")
    assert ratio.rule == "fg2018_net_assets_reserves"
    assert default_rulebook().get(ratio.rule).effective_from == scheme.effective_from
    assert [ratio.score_for(Decimal(v)) for v in ("0.85", "0.75", "0.60", "0.59")] == [100, 80, 60, 0]
    assert ratio.score_for(None) == 0


@pytest.mark.parametrize("kind,version,effective", NEW)
def test_a_cycle_of_the_kind_runs_under_its_scheme(world, kind, version, effective):
    from finsup.ratings import services
    from tests import factories as f

    from .helpers import full_marks

    cycle = services.cycle_create(by=world.city["leader"], year=2025, kind=kind, sample_size=0, seed=7)
    assert cycle.scheme_version == version
    inst = f.make_institution("371302", kind=kind)
    rating = services.rating_initial(
        cycle=cycle, institution=inst, by=world.lanshan["lead_supervisor"], scores=full_marks(cycle.scheme)
    )
    # no filings: no breaches and no warnings score 100; the guarantee asset ratio, never filed, scores 0
    assert rating.initial_total == {"guarantee": 90, "lending_registry": 100}[kind]
    assert rating.initial_level == "I"
