from urllib.parse import urlsplit

from django import template

from finsup.core import numbers
from finsup.core.personal_data import mask_id_number, mask_phone

register = template.Library()


@register.filter
def wan(value) -> str:
    """Yuan shown in 万元 (10,000 yuan) with two decimals and separators, as the report forms do."""
    return numbers.wan(value)


@register.filter
def yuan(value) -> str:
    """An amount in yuan with thousands separators and two decimals."""
    return numbers.yuan(value)


@register.filter
def percent(value, places=2) -> str:
    """A ratio as a percentage: 0.466505 → 46.65%."""
    return numbers.percent(value, None if places in (None, "") else int(places))


@register.filter
def times(value) -> str:
    """A multiple: 10 → 10 倍."""
    return numbers.times(value)


@register.filter
def mask_id(value) -> str:
    return mask_id_number(value)


@register.filter(name="mask_phone")
def mask_phone_filter(value) -> str:
    return mask_phone(value)


@register.filter
def plain(value) -> str:
    """A number without trailing zeros and with thousands separators: 100000000.000000 → 100,000,000."""
    return numbers.grouped(value)


@register.filter
def lookup(mapping, key):
    """`mapping[key]` for a key held in a variable (None when absent or not a dict)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def entries(value) -> list:
    """A dict's (key, value) pairs; `mapping.items` in a template would read a key named "items"."""
    return list(value.items()) if isinstance(value, dict) else []


@register.filter
def may_open(url, user) -> bool:
    """Whether `user` may open the page at `url`: the question the page's view asks itself
    (web.views.view_allows), so that a link is shown only to whoever may follow it
    (`{% if url|may_open:user %}<a href="{{ url }}">…</a>{% else %}…{% endif %}`). A URL this site
    does not route, or a page without a declared action, is left to its view."""
    from django.urls import Resolver404, resolve

    from finsup.web.views import view_allows

    if not url:
        return False
    try:
        match = resolve(urlsplit(str(url)).path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return True if view_class is None else view_allows(view_class, user, match.kwargs)


@register.filter
def first_sentence(text) -> str:
    """A rule's description shortened to its first sentence, as a heading or a chart legend."""
    text = str(text or "")
    for stop in ("。", "；", ". "):
        head, found, _ = text.partition(stop)
        if found:
            return head + {"。": "。", ". ": "."}.get(stop, "")
    return text
