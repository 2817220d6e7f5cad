"""Reads of the rating cycle: what the measures are, who is to be rated, the rating history the
rulebook reads, and what a re-run under another scheme would change (read only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

from finsup.institutions.choices import LICENSED_STATUSES
from finsup.institutions.selectors import all_institutions, institution_scope

from .choices import CycleStatus, Level, Round, Stage
from .models import Rating, RatingCycle, RatingEvent
from .schemes import Indicator, Scheme


def cycle_list(*, actor):
    return RatingCycle.objects.for_user(actor).select_related("office")


def cycle_get(*, actor, pk: int) -> RatingCycle:
    return cycle_list(actor=actor).get(pk=pk)


def rating_list(*, actor, cycle: RatingCycle | None = None):
    qs = Rating.objects.for_user(actor).select_related("institution__county", "cycle")
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if actor.is_institution_user:  # an institution sees its rating once the city has decided it
        qs = qs.filter(stage=Stage.FINAL)
    return qs


def cycles_awaiting_province(*, actor):
    """Cycles the city finalised (its results submitted) that the province has not published yet."""
    return cycle_list(actor=actor).filter(status=CycleStatus.FINAL, published_on__isnull=True).order_by("year", "pk")


def rating_get(*, actor, pk: int) -> Rating:
    return rating_list(actor=actor).select_related("cycle__office").get(pk=pk)


def rating_history_events(*, rating: Rating):
    return RatingEvent.objects.filter(rating=rating).select_related("by")


def population(*, cycle: RatingCycle, actor=None):
    """The institutions a cycle rates: licensed institutions of its kind under its office, established
    by the end of the year rated; with `actor`, only those the actor may see."""
    base = institution_scope(actor=actor) if actor is not None else all_institutions()
    return (
        base.filter(
            kind=cycle.kind,
            county__path__startswith=cycle.office.path,
            status__in=LICENSED_STATUSES,
            established_on__lte=datetime.date(cycle.year, 12, 31),
        )
        .select_related("county")
        .order_by("county__code", "credit_code")
    )


def measure(*, indicator: Indicator, institution, year: int) -> Decimal | None:
    """The measured value of a quantitative indicator for the year, from the rulebook's results on
    the year's counted filings and from the risk warnings."""
    from finsup.monitoring.selectors import warnings_of_year
    from finsup.reporting.selectors import counted_active_results_of_year

    # A rule in test has no effect on ratings: only the results of rules in force count.
    results = counted_active_results_of_year(institution=institution, year=year)
    if indicator.measure == "rule_breaches":
        if indicator.rules:
            results = results.filter(rule_id__in=indicator.rules)
        return Decimal(results.filter(passed=False).count())
    if indicator.measure == "rule_value_latest":
        latest = (
            results.filter(rule_id=indicator.rule, value__isnull=False)
            .order_by("-submission__period_end", "-pk")
            .values_list("value", flat=True)
            .first()
        )
        return None if latest is None else Decimal(latest)
    warnings = warnings_of_year(institution=institution, year=year)
    if indicator.sources:
        warnings = warnings.filter(source__in=indicator.sources)
    return Decimal(warnings.count())


def quantitative_scores(*, scheme: Scheme, institution, year: int) -> dict[str, tuple[Decimal | None, Decimal]]:
    """indicator id → (measured value, score) for every quantitative indicator of the scheme."""
    out = {}
    for ind in scheme.indicators:
        if ind.quantitative:
            value = measure(indicator=ind, institution=institution, year=year)
            out[ind.id] = (value, ind.score_for(value))
    return out


def final_ratings(institution_ids) -> dict[int, list[tuple[int, str, datetime.date]]]:
    """Each institution's final ratings as (year, level, finalised on), newest year first: one query
    for a whole batch of filings (evaluation reads the history of every filing it evaluates)."""
    out: dict[int, list[tuple[int, str, datetime.date]]] = {}
    rows = (
        Rating.objects.filter(institution_id__in=list(institution_ids), stage=Stage.FINAL, final_on__isnull=False)
        .order_by("institution_id", "-cycle__year")
        .values_list("institution_id", "cycle__year", "final_level", "final_on")
    )
    for inst_id, year, level, final_on in rows:
        out.setdefault(inst_id, []).append((year, level, final_on))
    return out


def latest_final_level(ratings: list[tuple[int, str, datetime.date]], *, before: datetime.date) -> str | None:
    """The level of the newest yearly final rating decided before `before` (as for level_i_run, a rating
    finalised during a period applies from the next one); it stands until a later rating replaces it.
    None when there is none. `ratings` as final_ratings gives them, newest year first."""
    return next((level for _year, level, final_on in ratings if final_on < before), None)


def level_i_run(ratings: list[tuple[int, str, datetime.date]], *, before: datetime.date) -> int:
    run, expected = 0, None
    for year, level, final_on in ratings:
        if final_on >= before:
            continue
        if level != Level.I or (expected is not None and year != expected):
            break
        run, expected = run + 1, year - 1
    return run


@dataclass(frozen=True)
class RerunRow:
    rating: Rating
    decided_level: str
    decided_total: Decimal | None
    total: Decimal
    level: str
    scores: dict[str, Decimal]
    missing: tuple[str, ...]  # the names of the qualitative indicators of the new scheme nobody scored: counted 0

    @property
    def changed(self) -> bool:
        return self.level != self.decided_level


def cycle_rerun(*, cycle: RatingCycle, scheme: Scheme, actor=None) -> list[RerunRow]:
    """What each rating of the cycle would be under `scheme`, on today's data: quantitative indicators
    measured again, qualitative ones taken from the round that decided (the city's for the sample).
    Reads only: no decided rating changes."""
    ratings = rating_list(actor=actor, cycle=cycle) if actor is not None else cycle.ratings.all()
    rows = []
    for rating in ratings.select_related("institution").prefetch_related("scores"):
        decided_round = Round.CITY if rating.sampled and rating.city_level else Round.INITIAL
        given = {s.indicator: s.score for s in rating.scores.all() if s.round == decided_round}
        quant = quantitative_scores(scheme=scheme, institution=rating.institution, year=cycle.year)
        scores, missing = {}, []
        for ind in scheme.indicators:
            if ind.quantitative:
                scores[ind.id] = quant[ind.id][1]
            elif ind.id in given:
                scores[ind.id] = given[ind.id]
            else:
                scores[ind.id] = Decimal(0)
                missing.append(ind.name_zh if (get_language() or "").startswith("zh") else ind.name_en)
        total = scheme.total(scores)
        decided_level = rating.final_level or rating.city_level or rating.initial_level
        decided_total = rating.final_total if rating.final_level else (rating.city_total or rating.initial_total)
        rows.append(
            RerunRow(rating, decided_level, decided_total, total, scheme.level_for(total), scores, tuple(missing))
        )
    return rows


def cycle_progress(*, cycle: RatingCycle) -> dict:
    ratings = cycle.ratings.all()
    return {
        "population": population(cycle=cycle).count(),
        "rated": ratings.count(),
        "sampled": ratings.filter(sampled=True).count(),
        "city_rated": ratings.filter(sampled=True).exclude(city_level="").count(),
        "final": ratings.filter(stage=Stage.FINAL).count(),
        "open": cycle.status != CycleStatus.FINAL,
    }


def rating_level_counts(*, office, year: int) -> dict[str, int]:
    """The ratings of the year's cycles of the institutions within the office, by their level as it
    stands (final, else the city's, else the county's initial): "I" … "V" with V(1) and V(2) under
    "V", and "rated" in all (a system read for the office's own reports: no actor)."""
    counts = {"rated": 0, "I": 0, "II": 0, "III": 0, "IV": 0, "V": 0, "final": 0}
    rows = Rating.objects.filter(institution__county__path__startswith=office.path, cycle__year=year).values_list(
        "initial_level", "city_level", "final_level"
    )
    for initial, city, final in rows:
        level = final or city or initial
        counts["rated"] += 1
        counts["V" if level.startswith("V") else level] += 1
        counts["final"] += bool(final)
    return counts
