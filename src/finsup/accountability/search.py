"""Accountability's kind for the staff search box: cases by their number (兰金办责〔2026〕3号, or
only 〔2026〕3, or every case of a year: 〔2026〕) or by part of their title, newest first."""

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .selectors import case_scope

# [the issuing office's prefix and 责]〔year〕[number]: what of a case's number was typed
_NUMBER = re.compile(r"(\S*?)(责?)〔\s*(\d{4})\s*〕\s*(\d*)")


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
        prefix, word, year, seq = number.groups()
        by_number = Q(year=int(year), **({"seq": int(seq)} if seq else {}))
        if prefix and not word:  # another word (临金办检〔2026〕1号): a document's number, not a case's
            by_number = Q(pk__in=[])
        elif prefix:  # the prefix is the office's (Office.document_prefix, else its short name)
            by_number &= Q(office__document_prefix=prefix) | Q(office__document_prefix="", office__short_name=prefix)
        condition |= by_number
    found = case_scope(actor=actor).filter(condition).select_related("office").order_by("-opened_at", "-pk")
    return hits_of(found, limit=limit, hit=_hit)


register_search_kind(SearchKind(key="cases", label=lambda: gettext("Accountability cases"), find=find_cases, order=50))
