"""The early-warning index of suspected illegal fundraising: for each entity, as of a day, a sum
of named contributions, each with the records it came from. No Django: the records come in as
plain data (`gather.py` reads them), the weights as data (`weights.py`).

Contributions (each signal's weight is in the weights):
- word: a feature word in the entity's texts, per occurrence up to `word_cap`;
- return: the highest promised return above the legal cap of its day (four times the one-year
  LPR, 最高人民法院《关于审理民间借贷案件适用法律若干问题的规定》第二十五条), a fixed part and a
  part per point above the cap, capped;
- complaints: the tip-offs and complaints about it, up to `complaint_cap`;
- spread: tip-offs received by more than one office, per office beyond the first;
- link_disposed: an entity already determined to be illegal fundraising that shares a credit code,
  a person, a phone or an address with it (per such entity);
- link_licensed: a licensed institution the ownership graph relates its credit code to (per one);
- near_duplicate: another entity with a text that reads alike (the same advertisement under
  another name), per such entity.
Only what the office held on the day counts: texts received and determinations made by then."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from . import text as text_signals
from .weights import Weights

CENT = Decimal("0.01")
TIP_OFF = "tip_off"  # choices.DocumentKind.TIP_OFF (choices is Django's; this module is not)


@dataclass(frozen=True)
class TextIn:
    pk: int
    entity_id: int  # the entity it counts for (the one merged into, where merged)
    title: str
    kind: str
    body: str
    received_on: datetime.date
    from_office: str = ""  # the receiving office of a tip-off
    returns: tuple[tuple[str, Decimal, str], ...] = ()  # (quote, annual percent, basis)


@dataclass(frozen=True)
class EntityIn:
    pk: int
    name: str
    opened_on: datetime.date
    determined_on: datetime.date | None = None
    positive: bool | None = None  # the determination found illegal fundraising (None: not determined)
    identifiers: frozenset[str] = frozenset()  # "code:…", "person:…", "phone:…", "address:…"
    licensed: tuple[tuple[int, str, str], ...] = ()  # (institution pk, its name, the graph path)
    merged_into: int | None = None


@dataclass(frozen=True)
class Source:
    kind: str  # "text" | "entity" | "institution"
    pk: int
    label: str
    entity_id: int = 0  # a text's entity (another entity's, for a near duplicate)


@dataclass(frozen=True)
class Contribution:
    signal: str
    points: Decimal
    detail: dict
    sources: tuple[Source, ...]


@dataclass
class Score:
    entity_id: int
    total: Decimal = Decimal(0)
    contributions: list[Contribution] = field(default_factory=list)

    def add(self, signal: str, points: Decimal, detail: dict, sources: Iterable[Source]) -> None:
        points = Decimal(points).quantize(CENT)
        if points > 0:
            self.contributions.append(Contribution(signal, points, detail, tuple(sources)))
            self.total += points


@dataclass
class Corpus:
    entities: dict[int, EntityIn]
    texts: list[TextIn]
    pairs: list[tuple[int, int, float]]  # (text pk, text pk, similarity 0–100)
    cap: Callable[[datetime.date], Decimal]  # the legal cap of promised returns on a day, percent a year
    _hits: dict[tuple[int, tuple[str, ...]], list] = field(default_factory=dict)

    def hits(self, t: TextIn, lexicon: tuple[str, ...]) -> list:
        key = (t.pk, lexicon)
        if key not in self._hits:
            self._hits[key] = text_signals.feature_hits(t.body, lexicon)
        return self._hits[key]


def _text_source(t: TextIn) -> Source:
    return Source("text", t.pk, t.title, t.entity_id)


def score_all(corpus: Corpus, weights: Weights, as_of: datetime.date) -> dict[int, Score]:
    """The index of every entity registered by `as_of` and not merged into another."""
    texts: dict[int, list[TextIn]] = defaultdict(list)
    by_pk = {}
    for t in corpus.texts:
        if t.received_on <= as_of:
            texts[t.entity_id].append(t)
            by_pk[t.pk] = t
    live = {pk: e for pk, e in corpus.entities.items() if e.opened_on <= as_of and e.merged_into is None}
    scores = {pk: Score(pk) for pk in live}
    lexicon = tuple(w for w, v in weights.words.items() if v > 0)
    for pk, score in scores.items():
        own = texts.get(pk, [])
        _words(score, own, corpus, weights, lexicon)
        _returns(score, own, corpus, weights)
        _complaints(score, own, weights)
        _links(score, live[pk], live.values(), weights, as_of)
    _near_duplicates(scores, corpus, by_pk, weights)
    return scores


def _words(score: Score, own: list[TextIn], corpus: Corpus, weights: Weights, lexicon: tuple[str, ...]) -> None:
    counts: dict[str, int] = defaultdict(int)
    where: dict[str, list[TextIn]] = defaultdict(list)
    for t in own:
        for hit in corpus.hits(t, lexicon):
            counts[hit.phrase] += hit.count
            where[hit.phrase].append(t)
    cap = int(weights["word_cap"])
    for word in lexicon:
        if counts.get(word):
            counted = min(counts[word], cap)
            score.add(
                "word",
                weights.words[word] * counted,
                {"word": word, "count": counts[word], "counted": counted},
                map(_text_source, where[word]),
            )


def _returns(score: Score, own: list[TextIn], corpus: Corpus, weights: Weights) -> None:
    above = []
    for t in own:
        cap = corpus.cap(t.received_on)
        for quote, rate, basis in t.returns:
            if rate > cap:
                above.append((rate, quote, basis, cap, t))
    if not above:
        return
    rate, quote, basis, cap, _t = max(above, key=lambda a: (a[0], -a[4].pk))
    excess = min(weights["return_per_point"] * (rate - cap), weights["return_points_cap"])
    sources = list(dict.fromkeys(_text_source(a[4]) for a in above))
    detail = {"quote": quote, "rate": str(rate), "basis": basis, "cap": str(cap)}
    score.add("return", weights["return_over_cap"] + excess, detail, sources)


def _complaints(score: Score, own: list[TextIn], weights: Weights) -> None:
    tip_offs = [t for t in own if t.kind == TIP_OFF]
    if not tip_offs:
        return
    counted = min(len(tip_offs), int(weights["complaint_cap"]))
    detail = {"count": len(tip_offs), "counted": counted}
    score.add("complaints", weights["complaint"] * counted, detail, map(_text_source, tip_offs))
    offices = sorted({t.from_office for t in tip_offs if t.from_office})
    if len(offices) > 1:
        score.add(
            "spread",
            weights["spread_office"] * (len(offices) - 1),
            {"offices": offices},
            map(_text_source, tip_offs),
        )


def _links(score: Score, me: EntityIn, others: Iterable[EntityIn], weights: Weights, as_of: datetime.date) -> None:
    for other in sorted(others, key=lambda e: e.pk):
        if other.pk == me.pk or not other.positive or other.determined_on is None or other.determined_on > as_of:
            continue
        shared = sorted(me.identifiers & other.identifiers)
        if shared:
            score.add(
                "link_disposed",
                weights["link_disposed"],
                {"entity": other.name, "shared": shared},
                [Source("entity", other.pk, other.name)],
            )
    for institution, name, path in me.licensed:
        score.add(
            "link_licensed",
            weights["link_licensed"],
            {"institution": name, "path": path},
            [Source("institution", institution, name)],
        )


def _near_duplicates(scores: dict[int, Score], corpus: Corpus, by_pk: dict[int, TextIn], weights: Weights) -> None:
    threshold = float(weights["near_duplicate_threshold"])
    best: dict[tuple[int, int], tuple[float, TextIn, TextIn]] = {}
    for a, b, similarity in corpus.pairs:
        ta, tb = by_pk.get(a), by_pk.get(b)
        if ta is None or tb is None or similarity < threshold or ta.entity_id == tb.entity_id:
            continue
        for mine, theirs in ((ta, tb), (tb, ta)):
            key = (mine.entity_id, theirs.entity_id)
            if key not in best or similarity > best[key][0]:
                best[key] = (similarity, mine, theirs)
    for (me, other), (similarity, mine, theirs) in sorted(best.items()):
        if me in scores and other in corpus.entities:
            name = corpus.entities[other].name
            score = scores[me]
            score.add(
                "near_duplicate",
                weights["near_duplicate"],
                {"entity": name, "similarity": round(similarity, 1)},
                [_text_source(mine), _text_source(theirs)],
            )


def ranked(scores: dict[int, Score]) -> list[Score]:
    return sorted(scores.values(), key=lambda s: (-s.total, s.entity_id))
