"""Running a rating cycle through the services, for tests."""

import datetime

from finsup.ratings import services
from finsup.ratings.models import RatingCycle


def full_marks(scheme, score=100) -> dict:
    return {i.id: (score, f"{i.name_zh}：情况良好") for i in scheme.qualitative}


def run_cycle(world, *, year, kind, institutions, sample_size=0, scores=None, final_on=None, monkeypatch=None):
    """Creates, rates (county), samples, re-rates the sample with the county's scores, finalises."""
    city = world.city["leader"]
    cycle = services.cycle_create(by=city, year=year, kind=kind, sample_size=sample_size, seed=2026)
    for inst in institutions:
        services.rating_initial(
            cycle=cycle, institution=inst, by=_county_supervisor(world, inst), scores=scores or full_marks(cycle.scheme)
        )
    for rating in services.cycle_draw_sample(cycle=cycle, by=city):
        services.rating_city(rating=rating, by=city, scores=scores or full_marks(cycle.scheme))
    finalise = RatingCycle.objects.get(pk=cycle.pk)
    if final_on is None:
        services.cycle_finalise(cycle=finalise, by=city, reason="市级复评完成，予以确定。")
    else:
        with monkeypatch.context() as clock:  # only the finalisation happens on final_on
            clock.setattr("django.utils.timezone.localdate", lambda *a, **k: final_on)
            services.cycle_finalise(cycle=finalise, by=city, reason="市级复评完成，予以确定。")
    return RatingCycle.objects.get(pk=cycle.pk)


def day(s: str) -> datetime.date:
    return datetime.date.fromisoformat(s)


def _county_supervisor(world, inst):
    return (world.lanshan if inst.county.code == "371302" else world.luozhuang)["lead_supervisor"]
