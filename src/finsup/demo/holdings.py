"""Demo shareholdings as the rules read them: private capital managers whose main investor holds
20-51% of the capital (山东省地方金融条例 第三十三条) except a few, and related shareholder groups.

Everything here draws from its own generators (seeded by the demo seed and the institution's
credit code), never from the plan's shared one: the rest of the demo data stays as it was.
"""

from __future__ import annotations

import random
from decimal import Decimal

from finsup.institutions.choices import GroupBasis, HolderType, InstitutionKind, InstitutionStatus

from .plan import InstitutionPlan, ShareholderGroupPlan, ShareholderPlan

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# The few private capital managers that breach the main-investor rule, one of each way.
OVER = "over"  # the main investor alone above 51%
GROUP = "group"  # within 51% alone, above it with a related shareholder
UNDER = "under"  # ownership so spread that the largest holding is below 20% (with six holders; else it complies)
BREACHES = (OVER, GROUP, UNDER)
GROUP_SHARE = 0.12  # of the other institutions with three or more shareholders, about this many have a group
FILING = (InstitutionStatus.OPERATING, InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING)


def breaching_companies(seed: int, institutions: list[InstitutionPlan]) -> dict[str, str]:
    """Credit code -> the way it breaches, for three private capital managers that file reports."""
    candidates = sorted(
        i.credit_code for i in institutions if i.kind == InstitutionKind.PRIVATE_CAPITAL and i.status in FILING
    )
    chosen = random.Random(f"{seed}-holdings").sample(candidates, len(BREACHES))
    return dict(zip(chosen, BREACHES, strict=True))


def main_investor_stakes(stakes: list[Decimal], rng: random.Random, breach: str = "") -> list[Decimal]:
    """The stakes (percent, largest first) of a private capital manager reshaped so that the first
    holder's lies within 20-51%, or outside it as ``breach`` says. The others keep their order and
    relative sizes, each at least 1% and below the first (for GROUP, the second is set so that the
    first two together hold more than 51%)."""
    n = len(stakes)
    weights = [float(s) for s in stakes]
    if breach == OVER:
        first = _pick(rng, 55, 62)
    elif breach == UNDER and n >= 6:
        first = _pick(rng, 100 / n + 1, 19.5)
    elif breach == GROUP and n >= 3:
        excess = rng.uniform(2, 6)
        first = _pick(rng, max(20.0, 100 / n + 3, (49 - excess) / (n - 2) + 1), 49)
        second = (Decimal(51) - first + Decimal(str(excess))).quantize(CENT)
        return [first, second, *_spread(HUNDRED - first - second, weights[2:], ceiling=first - 1)]
    elif n == 2:
        first = _pick(rng, 50.5, 51)  # two investors: the main one holds just over half
    else:
        first = _pick(rng, max(20.0, 100 / n + 3), 49)
    return [first, *_spread(HUNDRED - first, weights[1:], ceiling=first - 1)]


def _pick(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(rng.uniform(low, high))).quantize(CENT)


def _spread(total: Decimal, weights: list[float], *, ceiling: Decimal) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, each part between 1 and ``ceiling`` (largest first);
    the rounding remainder goes to the first part."""
    parts = [Decimal(0)] * len(weights)
    free, left = list(range(len(weights))), total
    while free:
        weight = sum(weights[i] for i in free)
        share = {i: left * Decimal(str(weights[i] / weight)) for i in free}
        capped = [i for i in free if share[i] > ceiling]
        if not capped:
            for i in free:
                parts[i] = max(share[i].quantize(CENT), Decimal(1))
            break
        for i in capped:
            parts[i], left = ceiling, left - ceiling
            free.remove(i)
    if parts:
        parts[0] += total - sum(parts)
    return parts


def related_group(
    inst: InstitutionPlan, holders: list[ShareholderPlan], rng: random.Random, breach: str = ""
) -> ShareholderGroupPlan | None:
    """A related shareholder group for some institutions: the main investor and the second holder
    for the GROUP breach; otherwise, now and then, two holders whose pair stays below the largest
    holding of a private capital manager (so that the group changes no result there)."""
    if breach == GROUP:
        pair = holders[:2]
    elif len(holders) >= 3 and rng.random() < GROUP_SHARE:
        pair = holders[-2:] if inst.kind == InstitutionKind.PRIVATE_CAPITAL else holders[:2]
        if inst.kind == InstitutionKind.PRIVATE_CAPITAL and sum(h.stake for h in pair) >= holders[0].stake:
            return None
    else:
        return None
    a, b = pair
    persons = {a.holder_type, b.holder_type} == {HolderType.PERSON}
    if persons:
        group = ShareholderGroupPlan(f"{a.name}家庭", GroupBasis.FAMILY, f"{a.name}与{b.name}为近亲属")
    elif HolderType.PERSON in (a.holder_type, b.holder_type):
        group = ShareholderGroupPlan(f"{a.name}一致行动人", GroupBasis.CONCERT, "签署一致行动协议")
    else:
        group = ShareholderGroupPlan(f"{a.name}关联企业", GroupBasis.CONTROL, "受同一实际控制人控制")
    a.group = b.group = group.name
    return group
