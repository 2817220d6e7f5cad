"""The demo's classification ratings: last year's microloan cycle, finished (county initial
ratings, the city's sample re-rated, finalised by the city's leader, the notices of the results
drafted, one appeal decided), and the lending registries' cycle of the same year in progress (the
city re-rating its sample), through the rating services as the counties' lead supervisors and the
city's staff."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from finsup.institutions.choices import InstitutionKind
from finsup.institutions.selectors import institutions_licensed
from finsup.ratings import selectors, services

from .activity_time import acting
from .activity_world import CITY, World

# Working days between the steps of a cycle: each county's initial ratings follow one another.
NOTICES_AFTER = datetime.timedelta(minutes=15)  # the notices of the results, drafted after the decision
_GAPS = {"create": 0, "county": 1, "sample": 3, "city": 4, "finalise": 5, "appeal": 6, "appeal_decided": 8}


@dataclass
class Cycle:
    kind: str
    year: int
    sample_size: int
    finished: bool
    seed: int  # the sample's, and the scores'
    moments: dict[str, datetime.datetime]
    counties: list[str]


def plan_ratings(world: World) -> list[Cycle]:
    cycles = []
    for kind, finished, back, sample in (
        (InstitutionKind.MICROLOAN, True, 190, 5),
        (InstitutionKind.LENDING_REGISTRY, False, 32, 3),
    ):
        counties = sorted(set(institutions_licensed().filter(kind=kind).values_list("county__code", flat=True)))
        diary = world.diary(back + world.rng.randint(0, 5))
        moments = {"create": diary.step(0)}
        moments |= {f"county:{code}": diary.step(_GAPS["county"]) for code in counties}
        steps = ["sample", "city", "finalise", "appeal", "appeal_decided"] if finished else ["sample", "city"]
        moments |= {s: diary.step(_GAPS[s]) for s in steps}
        year = moments["create"].year - 1
        cycles.append(Cycle(kind, year, sample, finished, world.rng.randrange(2**31), moments, counties))
    return cycles


_REASONS = ((90, "情况良好，符合监管要求"), (75, "基本符合要求，个别方面有待改进"), (0, "存在明显不足，已要求整改"))


def _scores(scheme, rng: random.Random, low: bool = False) -> dict:
    out = {}
    for indicator in scheme.qualitative:
        score = rng.randint(55, 75) if low else rng.randint(70, 98)
        reason = next(text for floor, text in _REASONS if score >= floor)
        out[indicator.id] = (score, f"{indicator.name_zh}：{reason}")
    return out


def load_ratings(world: World, cycles: list[Cycle]) -> dict[str, int]:
    counts = {"rating_cycles": 0, "ratings": 0}
    for plan in cycles:
        counts["rating_cycles"] += 1
        counts["ratings"] += _cycle(world, plan)
    return counts


def _cycle(world: World, plan: Cycle) -> int:
    rng = random.Random(plan.seed)
    supervisor, leader = world.staff(CITY, "supervisor"), world.staff(CITY, "leader")
    with acting(supervisor, plan.moments["create"]):
        cycle = services.cycle_create(
            by=supervisor, year=plan.year, kind=plan.kind, sample_size=plan.sample_size, seed=plan.seed
        )
    scheme, scored = cycle.scheme, {}
    for institution in selectors.population(cycle=cycle):
        rater = institution.lead_supervisor
        if rater is None or rater.office_id != institution.county_id:
            rater = world.staff(institution.county.code, "supervisor")
        scores = _scores(scheme, rng, low=rng.random() < 0.15)
        with acting(rater, plan.moments[f"county:{institution.county.code}"]):
            services.rating_initial(cycle=cycle, institution=institution, by=rater, scores=scores)
        scored[institution.pk] = scores
    with acting(supervisor, plan.moments["sample"]):
        sampled = services.cycle_draw_sample(cycle=cycle, by=supervisor)
    rerated = sampled if plan.finished else sampled[:1]
    for n, rating in enumerate(rerated):
        scores = dict(scored[rating.institution_id])
        if n == 0:  # the city finds one county's scores too kind
            first = scheme.qualitative[0].id
            scores[first] = (
                max(scores[first][0] - 20, 40),
                f"{scheme.qualitative[0].name_zh}：抽查档案发现问题，下调评分",
            )
        with acting(supervisor, plan.moments["city"]):
            services.rating_city(
                rating=rating,
                by=supervisor,
                scores=scores,
                explanation="市级复评抽查业务档案，发现县区初评未反映的问题，相应下调评分。" if n == 0 else "",
            )
    if not plan.finished:
        return len(scored)
    with acting(leader, plan.moments["finalise"]):
        services.cycle_finalise(
            cycle=selectors.cycle_get(actor=leader, pk=cycle.pk), by=leader, reason="市级复评完成，评级结果予以确定。"
        )
    with acting(supervisor, plan.moments["finalise"] + NOTICES_AFTER):  # to be checked and signed off
        services.cycle_notices_draft(cycle=selectors.cycle_get(actor=supervisor, pk=cycle.pk), by=supervisor)
    _appeal(world, cycle, plan)
    return len(scored)


def _appeal(world: World, cycle, plan: Cycle) -> None:
    """The institution rated lowest appeals; the city upholds its rating."""
    supervisor = world.staff(CITY, "supervisor")
    ratings = selectors.rating_list(actor=supervisor, cycle=cycle).order_by("final_total", "institution__credit_code")
    rating = ratings.first()
    user = world.institution_user(rating.institution)
    if user is None:
        return
    with acting(user, plan.moments["appeal"]):
        services.rating_appeal_file(
            rating=rating, by=user, reason="公司认为评级未充分考虑本年度已完成的整改，申请复核。"
        )
    with acting(supervisor, plan.moments["appeal_decided"]):
        services.rating_appeal_decide(
            rating=selectors.rating_get(actor=supervisor, pk=rating.pk),
            by=supervisor,
            decision="upheld",
            reason="经复核，评分依据充分，整改发生在评级年度之后，维持原评级。",
        )
