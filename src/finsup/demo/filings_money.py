"""Arithmetic for the demo figures: amounts in 万元 with two places (the last digit of the forms),
splits whose parts add up to their total exactly, and slow random drift.

Every amount is a Decimal quantized to 0.01 万元 before it is used in a sum, so the identities of
the report definitions (parts = total, start + flows = end) hold to the cent, not approximately."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

W = Decimal("0.01")  # 0.01 万元 = 100 yuan
ZERO = Decimal("0.00")
YUAN_PER_WAN = Decimal(10000)


def q(value) -> Decimal:
    """An amount in 万元, two places, half up."""
    return Decimal(value).quantize(W, rounding=ROUND_HALF_UP)


def wan(yuan: Decimal) -> Decimal:
    return q(Decimal(yuan) / YUAN_PER_WAN)


def dec(x: float, places: str = "0.0001") -> Decimal:
    """A float from the generator as a Decimal of fixed places (ratios, rates)."""
    return Decimal(str(x)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def scale(amount: Decimal, factor: float) -> Decimal:
    return q(amount * Decimal(str(factor)))


def nonneg(amount: Decimal) -> Decimal:
    return amount if amount > 0 else ZERO


def split(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """Parts of ``total`` in proportion to ``weights``; the largest part takes the rounding, so the
    parts add up to the total exactly and none is negative."""
    if total <= 0:
        return [ZERO] * len(weights)
    whole = sum(weights)
    biggest = max(range(len(weights)), key=lambda i: weights[i])
    parts = [q(total * Decimal(str(w / whole))) if i != biggest else ZERO for i, w in enumerate(weights)]
    parts[biggest] = total - sum(parts)
    return parts


def wander(rng: random.Random, weights: Sequence[float], step: float = 0.04) -> list[float]:
    """Shares that move a little each period (a portfolio's mix changes slowly)."""
    return [max(0.001, w * (1 + rng.uniform(-step, step))) for w in weights]


def drift(rng: random.Random, value: float, step: float, low: float, high: float) -> float:
    """A bounded random walk: the next value of a ratio that changes slowly."""
    return min(high, max(low, value * (1 + rng.uniform(-step, step))))


def count_of(amount_wan: Decimal, average_wan: float) -> int:
    """How many loans, clients or contracts an amount represents at an average size."""
    if amount_wan <= 0:
        return 0
    return max(1, int(amount_wan / Decimal(str(average_wan))))


def entered(figures: Mapping[str, object]) -> dict[str, str]:
    """Figures as a clerk types them into the form: text, blanks left out."""
    return {k: str(v) for k, v in figures.items() if v is not None}
