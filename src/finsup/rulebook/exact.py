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
import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DISPLAY_PLACES = 6
ONE = Decimal(1)
# Operands are DECIMAL(38, ≤10) at most; their products need at most 2 × 38 digits. The contexts
# are used through their methods (no localcontext per call: 30,000 results a batch).
_EXACT = decimal.Context(prec=100, Emax=999_999, Emin=-999_999, traps=[decimal.Inexact, decimal.InvalidOperation])
_DISPLAY = decimal.Context(prec=100, Emax=999_999, Emin=-999_999, rounding=ROUND_HALF_UP)
_PLACES = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}
_DISPLAY_EXP = _PLACES[DISPLAY_PLACES]
_QUANTIZE, _DIVIDE, _MULTIPLY = _DISPLAY.quantize, _DISPLAY.divide, _EXACT.multiply


@dataclass(frozen=True, slots=True)
class Quotient:
    """An exact value ``numerator / denominator`` (the denominator is never zero)."""

    numerator: Decimal
    denominator: Decimal = ONE

    def display(self, places: int = DISPLAY_PLACES) -> Decimal:
        """The value rounded half away from zero to ``places`` decimals, for people and storage."""
        value = self.numerator if self.denominator == ONE else _DISPLAY.divide(self.numerator, self.denominator)
        return _shown(_DISPLAY.quantize(value, _PLACES[places]))


def quotient(*parts) -> Quotient | None:
    """The exact value of a rule's parts as fetched from the database, ``(numerator,)`` or
    ``(numerator, denominator)``: None when a part is NULL or the denominator is zero (the rule is
    then not applicable)."""
    numerator = parts[0]
    if numerator is None:
        return None
    if len(parts) == 1:
        return Quotient(numerator if type(numerator) is Decimal else _decimal(numerator))
    denominator = parts[1]
    if denominator is None or denominator == 0:
        return None
    return Quotient(
        numerator if type(numerator) is Decimal else _decimal(numerator),
        denominator if type(denominator) is Decimal else _decimal(denominator),
    )


UPPER_LIMITS = ("<=", "<")


def decide(parts: tuple, comparator: str, threshold) -> tuple[Decimal | None, bool | None]:
    """The value to show and the verdict of a rule whose value was fetched as ``parts``
    (``(numerator,)`` or ``(numerator, denominator)``) against ``threshold`` (a Quotient, a
    (low, high) pair, or None when the threshold could not be computed).

    A ratio whose base (denominator) is zero or negative is no ratio: under an upper limit (a cap
    on exposure against net assets or capital) any positive exposure on such a base is a breach,
    since a company without net assets may not carry any; otherwise the rule is not applicable
    (e.g. provision adequacy when no provision is required)."""
    numerator = parts[0]
    if numerator is None:
        return None, None
    if type(numerator) is not Decimal:
        numerator = _decimal(numerator)
    if len(parts) == 1:
        base, shown = None, _shown(_QUANTIZE(numerator, _DISPLAY_EXP))
    else:
        base = parts[1]
        if base is None:
            return None, None
        if type(base) is not Decimal:
            base = _decimal(base)
        if base <= 0:
            shown = None if base == 0 else Quotient(numerator, base).display()
            return shown, (False if comparator in UPPER_LIMITS and numerator > 0 else None)
        shown = _shown(_QUANTIZE(_DIVIDE(numerator, base), _DISPLAY_EXP))
    if threshold is None:
        return shown, None
    if comparator != "between" and threshold.denominator is ONE:
        # The common case, a fixed limit t on n / d with d > 0: n <op> t * d, the product exact.
        limit = threshold.numerator if base is None else _MULTIPLY(threshold.numerator, base)
        return shown, _OPERATORS[comparator](numerator, limit)
    value = Quotient(numerator) if base is None else Quotient(numerator, base)
    return shown, holds(value, comparator, threshold)


def _shown(number: Decimal) -> Decimal:
    return number if number else number.copy_abs()  # never "-0.000000"


def sign_of_difference(value: Quotient, threshold: Quotient) -> int:
    """-1, 0 or 1 as ``value`` is below, equal to or above ``threshold``, exactly."""
    if value.denominator == ONE and threshold.denominator == ONE:
        return _sign(_EXACT.compare(value.numerator, threshold.numerator))
    cross = _EXACT.subtract(
        _EXACT.multiply(value.numerator, threshold.denominator),
        _EXACT.multiply(threshold.numerator, value.denominator),
    )
    return _sign(cross) * _sign(value.denominator) * _sign(threshold.denominator)


def holds(value: Quotient, comparator: str, threshold: Quotient | tuple[Quotient, Quotient]) -> bool:
    """Whether ``value <comparator> threshold`` holds exactly ('between' is inclusive at both ends)."""
    if comparator == "between":
        low, high = threshold
        return sign_of_difference(value, low) >= 0 and sign_of_difference(value, high) <= 0
    return _OPERATORS[comparator](sign_of_difference(value, threshold), 0)


def as_quotient(threshold) -> Quotient | tuple[Quotient, Quotient] | None:
    """A rule's fixed threshold (a Decimal, or a (low, high) pair) as exact quotients."""
    if threshold is None:
        return None
    if isinstance(threshold, tuple):
        return (Quotient(_decimal(threshold[0])), Quotient(_decimal(threshold[1])))
    return threshold if isinstance(threshold, Quotient) else Quotient(_decimal(threshold))


_OPERATORS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "=": operator.eq}


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
