"""The index measured like a model: scored as of past days, its flags compared with what the
disposal workflow determined afterwards.

On each day of the run, the entities registered by then and not yet determined are ranked by their
index as of that day (only what the office held then); the top `k` with an index above zero are
the day's flags. A flag is a hit when the entity was later determined to be illegal fundraising
(any outcome but "no issue"), a miss when it was determined "no issue", pending when it has not
been determined yet (left out of the precision). Then:
- precision@k = hits / (hits + misses), over every day's flags;
- lead time = for each entity determined positive that was ever flagged, the days from its first
  flag to its determination; the median of these;
- recall = the positive determinations of entities flagged before their determination, over all the
  positive determinations made after the first day of the run."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from .index import Corpus, score_all
from .weights import Weights


@dataclass(frozen=True)
class Flag:
    day: datetime.date
    rank: int
    entity_id: int
    name: str
    score: Decimal
    result: str  # "hit" | "miss" | "pending"


@dataclass
class Report:
    k: int
    days: list[datetime.date]
    weights_version: int
    flags: list[Flag] = field(default_factory=list)
    leads: dict[int, int] = field(default_factory=dict)  # entity → days from first flag to determination
    positives: int = 0  # positive determinations after the first day

    @property
    def hits(self) -> int:
        return sum(f.result == "hit" for f in self.flags)

    @property
    def misses(self) -> int:
        return sum(f.result == "miss" for f in self.flags)

    @property
    def pending(self) -> int:
        return sum(f.result == "pending" for f in self.flags)

    @property
    def precision(self) -> Decimal | None:
        known = self.hits + self.misses
        return (Decimal(self.hits) / known) if known else None

    @property
    def median_lead_days(self) -> float | None:
        return statistics.median(self.leads.values()) if self.leads else None

    @property
    def recall(self) -> Decimal | None:
        return (Decimal(len(self.leads)) / self.positives) if self.positives else None

    def day_precision(self, day: datetime.date) -> tuple[int, int, int]:
        flags = [f for f in self.flags if f.day == day]
        return (
            sum(f.result == "hit" for f in flags),
            sum(f.result == "miss" for f in flags),
            sum(f.result == "pending" for f in flags),
        )


def days_between(start: datetime.date, end: datetime.date, every: int) -> list[datetime.date]:
    if every < 1 or end < start:
        return []
    days, day = [], start
    while day <= end:
        days.append(day)
        day += datetime.timedelta(days=every)
    return days


def run(corpus: Corpus, weights: Weights, days: list[datetime.date], k: int, among: set[int] | None = None) -> Report:
    """`among`: the entities that may be flagged (an office's own); every entity's records still count."""
    report = Report(k=k, days=list(days), weights_version=weights.version)
    first_flag: dict[int, datetime.date] = {}
    for day in days:
        scores = score_all(corpus, weights, day)
        open_ = [
            s
            for s in scores.values()
            if s.total > 0
            and (among is None or s.entity_id in among)
            and (corpus.entities[s.entity_id].determined_on or datetime.date.max) > day
        ]
        open_.sort(key=lambda s: (-s.total, s.entity_id))
        for rank, s in enumerate(open_[:k], start=1):
            entity = corpus.entities[s.entity_id]
            result = "pending" if entity.positive is None else ("hit" if entity.positive else "miss")
            report.flags.append(Flag(day, rank, entity.pk, entity.name, s.total, result))
            first_flag.setdefault(entity.pk, day)
    if days:
        for entity in corpus.entities.values():
            if among is not None and entity.pk not in among:
                continue
            if entity.positive and entity.determined_on and entity.determined_on > days[0]:
                report.positives += 1
                if entity.pk in first_flag:
                    report.leads[entity.pk] = (entity.determined_on - first_flag[entity.pk]).days
    return report


@dataclass(frozen=True)
class FlaggedEntity:
    entity_id: int
    name: str
    first: datetime.date  # the first day it was flagged
    last: datetime.date
    times: int  # the days it was among the flags
    best_rank: int
    top_score: Decimal
    result: str  # as its flags': "hit" | "miss" | "pending"
    lead_days: int | None  # first flag to determination, for a positive


def flagged_entities(report: Report) -> list[FlaggedEntity]:
    """The run's flags per entity, in the order of their first flag (the page's table; the Excel
    file lists every day's flags)."""
    grouped: dict[int, list[Flag]] = {}
    for flag in report.flags:
        grouped.setdefault(flag.entity_id, []).append(flag)
    return [
        FlaggedEntity(
            entity_id=pk,
            name=flags[0].name,
            first=flags[0].day,
            last=flags[-1].day,
            times=len(flags),
            best_rank=min(f.rank for f in flags),
            top_score=max(f.score for f in flags),
            result=flags[0].result,
            lead_days=report.leads.get(pk),
        )
        for pk, flags in grouped.items()
    ]
