"""Complaints' kind for the staff search box: by tracking code (as the public reads it out: any
case, with or without dashes and spaces; part of it too) or by part of the subject, newest first."""

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from . import codes
from .selectors import complaint_list


def _hit(c) -> SearchHit:
    return SearchHit(
        title=f"{c.tracking_code} {c.subject}",
        url=c.get_absolute_url(),
        detail=gettext("{kind} · {status} · received {date}").format(
            kind=c.get_kind_display(),
            status=c.get_status_display(),
            date=timezone.localtime(c.received_at).date().isoformat(),
        ),
    )


def find_complaints(*, actor, query, limit):
    if not can(actor, Action.COMPLAINT_VIEW):
        return [], 0
    condition = Q(subject__icontains=query.text)
    code = codes.normalise(query.text)
    if code:
        condition |= Q(tracking_code=code)
    else:
        part = re.sub(r"\s", "", query.text.upper())
        if len(part) >= 4 and set(part) <= set(codes.ALPHABET + "-"):
            condition |= Q(tracking_code__contains=part)
    found = complaint_list(actor=actor).filter(condition).order_by("-received_at", "-pk")
    return hits_of(found, limit=limit, hit=_hit)


register_search_kind(
    SearchKind(key="complaints", label=lambda: gettext("Complaints and tip-offs"), find=find_complaints, order=60)
)
