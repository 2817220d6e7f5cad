from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from finsup.core.personal_data import mask_id_number, mask_phone

register = template.Library()


@register.filter
def wan(value) -> str:
    """Yuan shown in 万元 (10,000 yuan) with two decimals, as the report forms do."""
    if value in (None, ""):
        return "—"
    return intcomma(f"{Decimal(value) / Decimal(10000):.2f}")


@register.filter
def yuan(value) -> str:
    """An amount in yuan with thousands separators and two decimals."""
    if value in (None, ""):
        return "—"
    return intcomma(f"{Decimal(value):.2f}")


@register.filter
def mask_id(value) -> str:
    return mask_id_number(value)


@register.filter(name="mask_phone")
def mask_phone_filter(value) -> str:
    return mask_phone(value)


@register.filter
def plain(value) -> str:
    """A decimal without trailing zeros and with thousands separators: 100000000.000000 → 100,000,000."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return intcomma(format(number.normalize(), "f"))


@register.filter
def entries(value) -> list:
    """A dict's (key, value) pairs; `mapping.items` in a template would read a key named "items"."""
    return list(value.items()) if isinstance(value, dict) else []


COMPARATOR_SIGNS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠", "<>": "≠"}


@register.filter
def rule_limit(result) -> str:
    """A rule result's limit as read: "≤ 0.3", "≥ 1", or the range of a rule between two limits."""
    if not result.threshold:
        return "—"
    if result.comparator == "between":
        return result.threshold
    sign = COMPARATOR_SIGNS.get(result.comparator, result.comparator)
    return f"{sign} {plain(result.threshold)}"
