"""Numbers as the office reads them, for pages, documents and exports alike: money in 万元 with two
decimals and thousands separators, ratios as percentages, multiples as 倍 ("times"), counts with
separators. Separators are "," in every language (Django's zh-Hans formats have none, so its
`intcomma` printed 1234567.89 on Chinese pages).

A figure is stored in its own unit (yuan, a ratio 0.3, a multiple 10) and shown in the unit it is
read in; `UNITS` names them, and `shown`/`limit_text` take one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

WAN = Decimal(10000)
HUNDRED = Decimal(100)

# How a stored figure is read: money (stored in yuan) in 万元, a ratio in per cent, a multiple in
# times; "count" a whole number; "plain" anything else (an annual rate already in per cent, a code).
WAN_YUAN, PERCENT, TIMES, COUNT, PLAIN = "wan_yuan", "percent", "times", "count", "plain"
UNITS = (WAN_YUAN, PERCENT, TIMES, COUNT, PLAIN)

COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "=", "==": "=", "!=": "≠", "<>": "≠"}
EMPTY = "—"


def decimal(value) -> Decimal | None:
    """A figure as a Decimal; None for nothing or for text that is not a number."""
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def grouped(value, places: int | None = None) -> str:
    """Thousands separators, `places` decimals (None: as many as the number has, trailing zeros
    dropped): 1234567.891 → "1,234,567.891"; with places=2 → "1,234,567.89"; 3.000 → "3"."""
    number = decimal(value)
    if number is None:
        return EMPTY if value in (None, "") else str(value)
    if places is None:
        places = _decimals(number)
    return f"{number:,.{places}f}"


def wan(yuan, places: int | None = 2) -> str:
    """Yuan as 万元 with two decimals, without the unit (a column headed 万元): 12345678 → "1,234.57"."""
    number = decimal(yuan)
    return EMPTY if number is None else grouped(number / WAN, places)


def wan_yuan(yuan, places: int | None = 2) -> str:
    """Yuan as 万元 with the unit: 20000000 → "2,000.00 万元"."""
    number = decimal(yuan)
    return EMPTY if number is None else _("%(amount)s 10k yuan") % {"amount": wan(number, places)}


def yuan(value) -> str:
    """An amount in yuan with separators and two decimals."""
    return grouped(value, 2) if decimal(value) is not None else EMPTY


def percent(ratio, places: int | None = 2) -> str:
    """A ratio as a percentage: 0.466505 → "46.65%"; places=None keeps what it has (0.1 → "10%")."""
    number = decimal(ratio)
    return EMPTY if number is None else f"{grouped(number * HUNDRED, places)}%"


def times(multiple, places: int | None = None) -> str:
    """A multiple: 10 → "10 倍", 3.5 → "3.5 倍"."""
    number = decimal(multiple)
    return EMPTY if number is None else _("%(number)s times") % {"number": grouped(number, places)}


def count(value) -> str:
    number = decimal(value)
    return EMPTY if number is None else grouped(number.to_integral_value(), 0)


def shown(value, unit: str, *, exact: bool = False, against=None) -> str:
    """A stored figure as it is read in `unit`, rounded for reading (two decimals of a percentage or
    of 万元; a whole multiple without decimals). `exact` keeps every digit (a limit: 0.0833 → "8.33%").
    `against` is the limit the value is read beside: where two decimals would make a value that is not
    the limit look equal to it (10.004% beside ≤ 10%), as many more are shown as tell them apart."""
    number = decimal(value)
    if number is None:
        return EMPTY if value in (None, "") else str(value)
    if unit == COUNT:
        return count(number)
    places = None if exact else _places(number, unit, decimal(against))
    if unit == WAN_YUAN:  # money keeps its two decimals even where every digit is kept
        return wan_yuan(number, max(2, _decimals(number / WAN)) if exact else places)
    if unit == PERCENT:
        return percent(number, places)
    if unit == TIMES:
        return times(number, places)
    return grouped(number, places)


def _decimals(number: Decimal) -> int:
    return max(0, -number.normalize().as_tuple().exponent)


def _places(number: Decimal, unit: str, against: Decimal | None) -> int | None:
    """Two decimals, none for a whole multiple or plain figure, more where rounding would meet the limit."""
    if unit == PLAIN:
        return None
    reading = to_shown(number, unit)
    if unit == TIMES and reading == reading.to_integral_value():
        return 0
    places = 2
    if against is None or against == number:
        return places
    limit = to_shown(against, unit)
    while places < 12 and round(reading, places) == round(limit, places):
        places += 1
    return places


def to_shown(value: Decimal | None, unit: str) -> Decimal | None:
    """A stored figure in the unit it is read in (0.3 → 30 for percent, yuan → 万元)."""
    if value is None:
        return None
    return value * HUNDRED if unit == PERCENT else value / WAN if unit == WAN_YUAN else value


def from_shown(value: Decimal, unit: str) -> Decimal:
    """A figure entered in the unit it is read in, back to the stored unit."""
    return value / HUNDRED if unit == PERCENT else value * WAN if unit == WAN_YUAN else value


def limit_text(comparator: str, threshold, unit: str, *, low=None, high=None) -> str:
    """A limit as read: "≤ 10%", "≥ 2,000.00 万元", "≤ 10 倍", "between 20% and 51%"; a limit's
    digits are never rounded."""
    if comparator == "between":
        if low is None and high is None and threshold:  # a result stores the range as "0.20–0.51"
            low, _dash, high = str(threshold).partition("–")
        return _("between %(low)s and %(high)s") % {
            "low": shown(low, unit, exact=True),
            "high": shown(high, unit, exact=True),
        }
    if threshold in (None, ""):
        return EMPTY
    sign = COMPARATOR_SIGNS.get(comparator, comparator)
    return f"{sign} {shown(threshold, unit, exact=True)}"
