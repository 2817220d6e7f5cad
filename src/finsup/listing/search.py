"""The listing reserve's kind for the staff search box: a company by part of its name, its unified
social credit code or its stock code."""

from django.db.models import Q
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .selectors import companies


def _hit(c) -> SearchHit:
    detail = f"{c.office.short_name} · {c.get_stage_display()}" + (f" · {c.stock_code}" if c.stock_code else "")
    return SearchHit(title=c.name, url=c.get_absolute_url(), detail=detail)


def find_companies(*, actor, query, limit):
    if not can(actor, Action.LISTING_VIEW):
        return [], 0
    text = query.text.strip()
    condition = Q(name__icontains=text) | Q(credit_code=text.upper()) | Q(stock_code=text.upper())
    return hits_of(companies(actor=actor).filter(condition).order_by("name", "pk"), limit=limit, hit=_hit)


register_search_kind(
    SearchKind(key="listing", label=lambda: gettext("Companies preparing to list"), find=find_companies, order=75)
)
