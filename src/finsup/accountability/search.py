"""Accountability's kind for the staff search box: cases by their number (兰金办责〔2026〕3号, or
only 〔2026〕3, or every case of a year: 〔2026〕) or by part of their title, newest first."""

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .selectors import case_scope

_NUMBER = re.compile(r"〔\s*(\d{4})\s*〕\s*(\d*)")  # the year, and the number in it if typed


def _hit(c) -> SearchHit:
    return SearchHit(
        title=f"{c.number} {c.title}",
        url=c.get_absolute_url(),
        detail=gettext("{office} · {status} · opened {date}").format(
            office=c.office.name,
            status=c.get_status_display(),
            date=timezone.localtime(c.opened_at).date().isoformat(),
        ),
    )


def find_cases(*, actor, query, limit):
    if not can(actor, Action.CASE_VIEW):
        return [], 0
    condition = Q(title__icontains=query.text)
    number = _NUMBER.search(query.numbered)
    if number:
        condition |= Q(year=int(number[1]), **({"seq": int(number[2])} if number[2] else {}))
    found = case_scope(actor=actor).filter(condition).select_related("office").order_by("-opened_at", "-pk")
    return hits_of(found, limit=limit, hit=_hit)


register_search_kind(SearchKind(key="cases", label=lambda: gettext("Accountability cases"), find=find_cases, order=50))
