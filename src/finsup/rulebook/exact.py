"""Exact comparison of a rule's value with its limit.

A formula is compiled into a quotient of two division-free expressions (``sqlexpr``), which the
database computes exactly as decimals; the quotient itself is never rounded before the
comparison. ``v = n / d`` is compared with ``t = tn / td`` through the sign of
``n * td - tn * d`` (times the sign of ``d * td``), products of Decimals taken in a context wide
enough to be exact. One yuan over a limit is therefore a breach on any magnitude, and exactly at
the limit is not (or is, for a strict comparator). Rounding is for display only (``display``).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DISPLAY_PLACES = 6
# Operands are DECIMAL(38, ≤10) at most; their products need at most 2 × 38 digits.
_EXACT = decimal.Context(prec=100, Emax=999_999, Emin=-999_999, traps=[decimal.Inexact, decimal.InvalidOperation])


@dataclass(frozen=True, slots=True)
class Quotient:
    """An exact value ``numerator / denominator`` (the denominator is never zero)."""

    numerator: Decimal
    denominator: Decimal = Decimal(1)

    def display(self, places: int = DISPLAY_PLACES) -> Decimal:
        """The value rounded half away from zero to ``places`` decimals, for people and storage."""
        with decimal.localcontext() as ctx:
            ctx.prec = 100
            return (self.numerator / self.denominator).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def quotient(*parts) -> Quotient | None:
    """The exact value of a rule's parts as fetched from the database, ``(numerator,)`` or
    ``(numerator, denominator)``: None when a part is NULL or the denominator is zero (the rule is
    then not applicable)."""
    if any(part is None for part in parts):
        return None
    numerator = parts[0]
    if len(parts) == 1:
        return Quotient(_decimal(numerator))
    denominator = _decimal(parts[1])
    if denominator == 0:
        return None
    return Quotient(_decimal(numerator), denominator)


def sign_of_difference(value: Quotient, threshold: Quotient) -> int:
    """-1, 0 or 1 as ``value`` is below, equal to or above ``threshold``, exactly."""
    with decimal.localcontext(_EXACT):
        cross = value.numerator * threshold.denominator - threshold.numerator * value.denominator
        scale = value.denominator * threshold.denominator
    return _sign(cross) * _sign(scale)


def holds(value: Quotient, comparator: str, threshold: Quotient | tuple[Quotient, Quotient]) -> bool:
    """Whether ``value <comparator> threshold`` holds exactly ('between' is inclusive at both ends)."""
    if comparator == "between":
        low, high = threshold
        return sign_of_difference(value, low) >= 0 and sign_of_difference(value, high) <= 0
    return _BY_SIGN[comparator](sign_of_difference(value, threshold))


def as_quotient(threshold) -> Quotient | tuple[Quotient, Quotient] | None:
    """A rule's fixed threshold (a Decimal, or a (low, high) pair) as exact quotients."""
    if threshold is None:
        return None
    if isinstance(threshold, tuple):
        return (Quotient(_decimal(threshold[0])), Quotient(_decimal(threshold[1])))
    return threshold if isinstance(threshold, Quotient) else Quotient(_decimal(threshold))


_BY_SIGN = {
    "<=": lambda s: s <= 0,
    "<": lambda s: s < 0,
    ">=": lambda s: s >= 0,
    ">": lambda s: s > 0,
    "=": lambda s: s == 0,
}


def _sign(number: Decimal) -> int:
    return (number > 0) - (number < 0)


def _decimal(number) -> Decimal:
    if isinstance(number, Decimal):
        return number
    if isinstance(number, bool):
        raise TypeError("a rule's value cannot be true/false")
    if isinstance(number, int):
        return Decimal(number)
    if isinstance(number, str):
        return Decimal(number)
    raise TypeError(f"a rule's value must be an exact number, not {type(number).__name__}")
