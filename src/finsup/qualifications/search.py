"""The practitioners' kind for the staff search box: by name, or by a certificate's number
(临金从字〔2026〕第3号, or part of it: 〔2026〕第3号), newest first; the ID number is never searched."""

from django.db.models import Q
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .choices import StepKind
from .selectors import practitioner_list


def _hit(p) -> SearchHit:
    return SearchHit(title=p.name, url=p.get_absolute_url(), detail=p.institution.name)


def find_practitioners(*, actor, query, limit):
    if actor.is_institution_user or not can(actor, Action.QUALIFICATION_VIEW):
        return [], 0
    condition = Q(name__icontains=query.text) | Q(
        steps__kind=StepKind.CERTIFICATE, steps__number__icontains=query.numbered
    )
    found = practitioner_list(actor=actor).filter(condition).distinct().order_by("-pk")
    return hits_of(found, limit=limit, hit=_hit)


register_search_kind(
    SearchKind(key="practitioners", label=lambda: gettext("Practitioners"), find=find_practitioners, order=70)
)
