"""The registry's kind for the staff search box: institutions by part of their name, their short name
(its characters in order: 富民小贷) or credit code."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.matching import abbreviation_pattern, text_matches
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .selectors import institution_scope


def _hit(i) -> SearchHit:
    return SearchHit(
        title=i.name,
        url=i.get_absolute_url(),
        detail=gettext("{office} · {kind} · {code}").format(
            office=i.county.name, kind=i.get_kind_display(), code=i.credit_code
        ),
    )


def find_institutions(*, actor, query, limit):
    if not can(actor, Action.INSTITUTION_VIEW):
        return [], 0
    base = institution_scope(actor=actor).select_related("county")
    found = text_matches(base, fields=["name", "credit_code"], text=query.text, abbreviated="name")
    return hits_of(found, limit=limit, hit=_hit)


def _list_url(query) -> str | None:
    """The registry's list searches the same fields the same way (filters.InstitutionFilter.search),
    short names apart: it lists the same rows unless the query may be one."""
    if abbreviation_pattern(query.text):
        return None
    return f"{reverse('institutions:list')}?{urlencode({'q': query.text})}"


register_search_kind(
    SearchKind(
        key="institutions", label=lambda: gettext("Institutions"), find=find_institutions, order=10, more_url=_list_url
    )
)
