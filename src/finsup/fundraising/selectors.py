"""Reads of the illegal-fundraising register, always from what the acting user may see: the list
ranked by the index, one entity with its texts, steps and index, the candidates a new registration
may duplicate, the steps past their deadline (for the accountability page), and the backtest."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from finsup.accounts.selectors import office_scope
from finsup.graph.matching import normal_name

from . import backtest, gather, index
from .choices import EntityStatus
from .models import DisposalStep, EntityText, SuspectEntity, WeightSet
from .weights import as_data

DUPLICATE_RATIO = 90.0


def entity_get(*, actor, pk: int) -> SuspectEntity:
    return SuspectEntity.objects.for_user(actor).select_related("office", "institution", "merged_into").get(pk=pk)


def entities(*, actor) -> QuerySet[SuspectEntity]:
    return SuspectEntity.objects.for_user(actor).select_related("office")


def entity_texts(entity: SuspectEntity) -> QuerySet[EntityText]:
    """Its texts and those of the entities merged into it."""
    merged = list(entity.merged.values_list("pk", flat=True))
    return EntityText.objects.filter(entity_id__in=[entity.pk, *merged]).select_related("from_office", "added_by")


def entity_steps(entity: SuspectEntity) -> QuerySet[DisposalStep]:
    return entity.steps.select_related("by").order_by("done_on", "pk")


def handling_offices(*, actor):
    return office_scope(actor=actor).order_by("path")


@dataclass
class Row:
    entity: SuspectEntity
    score: index.Score | None
    flagged: bool


def ranked(*, actor, as_of: datetime.date, office_code: str = "", status: str = "") -> tuple[list[Row], object]:
    """The entities of the actor's scope, the open ones first by their index of `as_of`."""
    weights = gather.weights_on(as_of)
    scores = index.score_all(gather.corpus(), weights, as_of)
    qs = entities(actor=actor).exclude(status=EntityStatus.MERGED)
    if office_code:
        qs = qs.filter(office__code=office_code)
    if status:
        qs = qs.filter(status=status)
    rows = [
        Row(e, scores.get(e.pk), bool(scores.get(e.pk) and scores[e.pk].total >= weights["flag_score"])) for e in qs
    ]
    rows.sort(key=lambda r: (not r.entity.is_open, -(r.score.total if r.score else 0), r.entity.pk))
    return rows, weights


def entity_index(entity: SuspectEntity, as_of: datetime.date) -> tuple[index.Score, object]:
    weights = gather.weights_on(as_of)
    target = entity.merged_into_id or entity.pk
    score = index.score_all(gather.corpus(), weights, as_of).get(target) or index.Score(target)
    return score, weights


def possible_duplicates(*, actor, name: str, credit_code: str = "", exclude: int | None = None) -> list[SuspectEntity]:
    """Open entities of the actor's scope with the same credit code or a near-identical name."""
    wanted = normal_name(name)
    qs = entities(actor=actor).exclude(status=EntityStatus.MERGED)
    if exclude:
        qs = qs.exclude(pk=exclude)
    found = []
    for e in qs.only("pk", "name", "credit_code", "office", "status", "opened_on"):
        same_code = credit_code and e.credit_code == credit_code.strip().upper()
        if same_code or (wanted and fuzz.ratio(wanted, normal_name(e.name)) >= DUPLICATE_RATIO):
            found.append(e)
    return found


def steps_overdue(*, actor, as_of: datetime.date) -> QuerySet[SuspectEntity]:
    """Open entities whose next step was due before `as_of`."""
    return (
        entities(actor=actor)
        .filter(due_on__lt=as_of)
        .exclude(Q(status=EntityStatus.CLOSED) | Q(status=EntityStatus.MERGED))
        .order_by("due_on", "pk")
    )


def weight_versions() -> QuerySet[WeightSet]:
    return WeightSet.objects.select_related("created_by").order_by("-version")


def weights_data_on(day: datetime.date) -> dict:
    """The weights in force on `day` as data (what `services.weights_save` takes)."""
    return as_data(gather.weights_on(day))


def backtest_report(*, actor=None, start: datetime.date, end: datetime.date, every: int, k: int) -> backtest.Report:
    """The backtest over the days from `start` to `end`, every `every` days, with the weights in
    force at `end`; an actor's flags are among the entities of their scope (None: the whole city)."""
    weights = gather.weights_on(end)
    among = None if actor is None else set(entities(actor=actor).values_list("pk", flat=True))
    return backtest.run(gather.corpus(), weights, backtest.days_between(start, end, every), k, among=among)


def first_opened_on() -> datetime.date | None:
    return SuspectEntity.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
