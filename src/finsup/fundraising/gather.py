"""The records the index reads, as plain data for `index.py`: every entity of the register with
its identifiers and determination, every text with its promised returns, the near-duplicate pairs,
the ownership graph's links of entities that carry a credit code, and the legal cap of returns
(four times the one-year LPR of the day, from the rulebook's dated table). The whole register is
read, whatever the actor's scope: a link or a near duplicate may lie in another county; what the
pages show of it is the selectors' business."""

from __future__ import annotations

import bisect
import datetime
import re
from decimal import Decimal
from functools import lru_cache

from finsup.graph.selectors import institutions_related_to_codes
from finsup.rulebook.loans_engine import read_lpr

from .choices import POSITIVE_OUTCOMES
from .index import Corpus, EntityIn, TextIn
from .models import EntityText, SuspectEntity, TextSimilarity, WeightSet
from .weights import Weights, file_data, parse

CAP_TIMES_LPR = 4  # 最高人民法院《关于审理民间借贷案件适用法律若干问题的规定》（2020）第二十五条
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")
_NOISE = re.compile(r"[\s,，、。;；:：()（）]")


@lru_cache(maxsize=1)
def _lpr() -> tuple[list[datetime.date], list[Decimal]]:
    rows = read_lpr()
    return [d for d, _ in rows], [r for _, r in rows]


def legal_cap(day: datetime.date) -> Decimal:
    """The highest annual rate the courts protect on `day`: four times the one-year LPR then."""
    dates, rates = _lpr()
    i = bisect.bisect_right(dates, day) - 1
    return CAP_TIMES_LPR * rates[max(i, 0)]


def identifiers(entity: SuspectEntity) -> frozenset[str]:
    found = set()
    if entity.credit_code:
        found.add(f"code:{entity.credit_code}")
    for line in entity.people.splitlines():
        name = _NOISE.sub("", line)
        if len(name) >= 2:
            found.add(f"person:{name}")
    for line in entity.channels.splitlines():
        phones = _PHONE.findall(line.replace(" ", ""))
        found.update(f"phone:{p.replace('-', '')}" for p in phones)
        if not phones and line.strip():
            found.add(f"channel:{line.strip().lower()}")
    for line in entity.addresses.splitlines():
        address = _NOISE.sub("", line)
        if len(address) >= 6:
            found.add(f"address:{address}")
    return frozenset(found)


def corpus() -> Corpus:
    rows = list(SuspectEntity.objects.order_by("pk"))
    target = {e.pk: e.merged_into_id for e in rows}

    def final(pk: int) -> int:
        seen = set()
        while target.get(pk) and pk not in seen:
            seen.add(pk)
            pk = target[pk]
        return pk

    licensed = institutions_related_to_codes({e.credit_code for e in rows if e.credit_code})
    entities = {
        e.pk: EntityIn(
            pk=e.pk,
            name=e.name,
            opened_on=e.opened_on,
            determined_on=e.determined_on,
            positive=(e.outcome in POSITIVE_OUTCOMES) if e.outcome else None,
            identifiers=identifiers(e),
            licensed=tuple(licensed.get(e.credit_code, ())),
            merged_into=e.merged_into_id,
        )
        for e in rows
    }
    texts = [
        TextIn(
            pk=t.pk,
            entity_id=final(t.entity_id),
            title=t.title,
            kind=t.kind,
            body=t.text,
            received_on=t.received_on,
            from_office=t.from_office.code if t.from_office_id else "",
            returns=tuple((q, Decimal(r), b) for q, r, b in t.returns),
        )
        for t in EntityText.objects.select_related("from_office").order_by("pk")
    ]
    pairs = list(TextSimilarity.objects.values_list("a_id", "b_id", "similarity"))
    return Corpus(entities=entities, texts=texts, pairs=pairs, cap=legal_cap)


def weights_on(day: datetime.date) -> Weights:
    """The latest version in force on `day` (the file's, before any version was saved)."""
    row = WeightSet.objects.filter(valid_from__lte=day).order_by("-version").first()
    if row is None:
        row = WeightSet.objects.order_by("version").first()
    if row is None:
        return parse(file_data(), 0)
    return parse(row.weights, row.version)
