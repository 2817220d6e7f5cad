"""The rating cycle through its services: who may take each step, the reproducible sample, the
explained differences, finalisation, the one appeal, the audit trail; refusals change nothing."""

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.ratings import services
from finsup.ratings.choices import CycleStatus, Stage
from finsup.ratings.effects import rating_consequences
from finsup.ratings.models import Rating, RatingCycle, RatingEvent
from tests import factories as f

from .helpers import full_marks


@pytest.fixture
def cycle(world):
    return services.cycle_create(by=world.city["leader"], year=2025, kind="microloan", sample_size=1, seed=7)


def _rate_all(world, cycle, score=100):
    insts = [world.inst_lanshan, f.make_institution("371302")]
    for inst in insts:
        services.rating_initial(
            cycle=cycle, institution=inst, by=world.lanshan["lead_supervisor"], scores=full_marks(cycle.scheme, score)
        )
    services.rating_initial(
        cycle=cycle,
        institution=world.inst_luozhuang,
        by=world.luozhuang["lead_supervisor"],
        scores=full_marks(cycle.scheme, score),
    )
    return insts


def test_the_county_rates_its_own_institutions_only(world, cycle):
    with pytest.raises(ApplicationError):
        services.rating_initial(
            cycle=cycle, institution=world.inst_luozhuang, by=world.lanshan["lead_supervisor"], scores={}
        )
    with pytest.raises(ApplicationError):  # the city does not make initial ratings
        services.rating_initial(cycle=cycle, institution=world.inst_lanshan, by=world.city["leader"], scores={})
    with pytest.raises(ApplicationError, match="评分理由"):
        scores = full_marks(cycle.scheme)
        scores["governance"] = (80, " ")
        services.rating_initial(
            cycle=cycle, institution=world.inst_lanshan, by=world.lanshan["lead_supervisor"], scores=scores
        )
    assert not Rating.objects.exists()


def test_initial_rating_scores_quantitative_indicators_from_data_and_qualitative_with_reasons(world, cycle):
    rating = services.rating_initial(
        cycle=cycle,
        institution=world.inst_lanshan,
        by=world.lanshan["lead_supervisor"],
        scores=full_marks(cycle.scheme, 90),
    )
    scores = {s.indicator: s for s in rating.scores.all()}
    assert scores["compliance"].value == 0 and scores["compliance"].score == 100  # no breach in the year
    assert scores["governance"].score == 90 and scores["governance"].reason
    # 30 + 15 + 15 (quantitative, full) + 0.9 × 40 = 96
    assert rating.initial_total == 96 and rating.initial_level == "I"
    assert AuditEntry.objects.filter(object_type="ratings.rating", object_id=str(rating.pk)).exists()


def test_sample_is_reproducible_and_finalising_needs_the_city_to_rerate_it(world, cycle):
    _rate_all(world, cycle)
    codes = sorted(Rating.objects.values_list("institution__credit_code", flat=True))
    expected = services.draw_sample(seed=7, institution_codes=codes, size=1)
    assert expected == services.draw_sample(seed=7, institution_codes=list(reversed(codes)), size=1)
    sampled = services.cycle_draw_sample(cycle=cycle, by=world.city["lead_supervisor"])
    assert [r.institution.credit_code for r in sampled] == expected
    with pytest.raises(ApplicationError, match="未经市级重评"):
        services.cycle_finalise(cycle=cycle, by=world.city["leader"], reason="确定")
    assert RatingCycle.objects.get(pk=cycle.pk).status == CycleStatus.REVIEW

    lower = full_marks(cycle.scheme, 40)  # 60 + 0.4 × 40 = 76: III against the county's I
    with pytest.raises(ApplicationError, match="请说明差异"):
        services.rating_city(rating=sampled[0], by=world.city["lead_supervisor"], scores=lower)
    rated = services.rating_city(
        rating=sampled[0],
        by=world.city["lead_supervisor"],
        scores=lower,
        explanation="抽查发现公司治理问题未如实反映。",
    )
    assert rated.city_level == "III" and rated.stage == Stage.REVIEWED
    with pytest.raises(ApplicationError):  # the leader finalises; a lead supervisor may not
        services.cycle_finalise(cycle=cycle, by=world.city["lead_supervisor"], reason="确定")
    services.cycle_finalise(cycle=cycle, by=world.city["leader"], reason="经市级复评确定。")
    finals = {r.pk: r for r in Rating.objects.all()}
    assert finals[rated.pk].final_level == "III"
    assert {r.final_level for pk, r in finals.items() if pk != rated.pk} == {"I"}
    assert all(r.stage == Stage.FINAL and r.final_on for r in finals.values())
    assert RatingEvent.objects.filter(step="final").count() == 3


def test_the_sample_waits_for_every_initial_rating(world, cycle):
    services.rating_initial(
        cycle=cycle,
        institution=world.inst_lanshan,
        by=world.lanshan["lead_supervisor"],
        scores=full_marks(cycle.scheme),
    )
    with pytest.raises(ApplicationError, match="未初评"):
        services.cycle_draw_sample(cycle=cycle, by=world.city["leader"])
    assert not Rating.objects.filter(sampled=True).exists()


def test_an_institution_appeals_once_and_the_city_decides(world, cycle):
    _rate_all(world, cycle, score=0)  # 60: IV
    services.cycle_draw_sample(cycle=cycle, by=world.city["leader"])
    for r in Rating.objects.filter(sampled=True):
        services.rating_city(rating=r, by=world.city["leader"], scores=full_marks(cycle.scheme, 0))
    services.cycle_finalise(cycle=cycle, by=world.city["leader"], reason="确定")
    rating = Rating.objects.get(institution=world.inst_lanshan)
    with pytest.raises(ApplicationError):  # not the institution rated
        services.rating_appeal_file(rating=rating, by=world.clerk_luozhuang_inst, reason="不服")
    services.rating_appeal_file(rating=rating, by=world.clerk_lanshan_inst, reason="治理评分未考虑整改成果。")
    with pytest.raises(ApplicationError, match="只能申诉一次"):
        services.rating_appeal_file(rating=rating, by=world.clerk_lanshan_inst, reason="再次申诉")
    appeal = services.rating_appeal_decide(
        rating=rating,
        by=world.city["lead_supervisor"],
        decision="changed",
        level="III",
        reason="整改已完成，调整为Ⅲ级。",
    )
    rating.refresh_from_db()
    assert appeal.decided_level == "III" and rating.final_level == "III"
    assert [m.measure for m in rating_consequences(rating)] == ["warning"]


def test_v1_and_v2_propose_measures(world):
    import datetime

    from finsup.monitoring.services import warning_open

    for month in (1, 2, 3):  # three late filings in the year: reporting scores 40
        warning_open(
            institution=world.inst_lanshan,
            key=f"late:{month}",
            source="late_filing",
            level="warning",
            title="逾期报送",
            period_end=datetime.date(2025, month, 28),
        )
    cycle = services.cycle_create(by=world.city["leader"], year=2025, kind="microloan", sample_size=0, seed=1)
    services.rating_initial(
        cycle=cycle,
        institution=world.inst_lanshan,
        by=world.lanshan["lead_supervisor"],
        scores={"governance": (0, "制度缺失"), "rectification": (0, "拒不整改，阻挠检查")},
    )
    services.rating_initial(
        cycle=cycle,
        institution=world.inst_luozhuang,
        by=world.luozhuang["lead_supervisor"],
        scores=full_marks(cycle.scheme),
    )
    services.cycle_draw_sample(cycle=cycle, by=world.city["leader"])
    services.cycle_finalise(cycle=cycle, by=world.city["leader"], reason="确定")
    rating = Rating.objects.get(institution=world.inst_lanshan)
    assert (rating.final_total, rating.final_level) == (51, "V1")  # 30 + 6 + 15 + 0
    assert [m.measure for m in rating_consequences(rating)] == ["rectification_order", "suspension"]
    assert rating_consequences(Rating.objects.get(institution=world.inst_luozhuang)) == []


def test_the_province_workbook_has_one_row_per_institution(world, monkeypatch):
    import io

    from openpyxl import load_workbook

    from finsup.ratings.excel import cycle_workbook

    from .helpers import run_cycle

    cycle = run_cycle(world, year=2025, kind="microloan", institutions=[world.inst_lanshan, world.inst_luozhuang])
    ws = load_workbook(io.BytesIO(cycle_workbook(cycle=cycle, ratings=cycle.ratings.all()))).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [world.inst_lanshan.credit_code, world.inst_luozhuang.credit_code]
    assert ws.cell(2, 4).value == "监管指标合规" and rows[0][-2:] == (100, "Ⅰ")
