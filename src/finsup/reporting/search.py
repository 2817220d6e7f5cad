"""Off-site supervision's kind for the staff search box: filings, by the filer's name and the
report's name ("富民 资产负债表": every word must name one or the other), newest period first."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from . import catalogue_access as cat
from .choices import SubmissionStatus
from .models import Submission


def _reports_named(word: str) -> list[str]:
    folded = word.casefold()
    return [r.code for r in cat.catalogue() if folded in r.name_zh.casefold() or folded in r.name_en.casefold()]


def _hit(s) -> SearchHit:
    return SearchHit(
        title=gettext("{filer} · {report} · period ending {end}").format(
            filer=s.institution or s.office, report=cat.report_name(s.report_code), end=s.period_end.isoformat()
        ),
        url=s.get_absolute_url(),
        detail=s.get_status_display(),
    )


def find_filings(*, actor, query, limit):
    if not can(actor, Action.FILING_VIEW):
        return [], 0
    found = Submission.objects.for_user(actor).exclude(status=SubmissionStatus.SUPERSEDED)
    for word in query.text.split():
        found = found.filter(
            Q(institution__name__icontains=word)
            | Q(office__name__icontains=word)
            | Q(report_code__in=_reports_named(word))
        )
    found = found.select_related("institution", "office").order_by("-period_end", "-submitted_at", "-pk")
    return hits_of(found, limit=limit, hit=_hit)


def _list_url(query) -> str | None:
    """The filings list searches the filer's name only: it lists the same rows for one word that
    names no report."""
    words = query.text.split()
    if len(words) != 1 or _reports_named(words[0]):
        return None
    return f"{reverse('reporting:list')}?{urlencode({'all': 1, 'q': words[0]})}"


register_search_kind(
    SearchKind(key="filings", label=lambda: gettext("Filings"), find=find_filings, order=20, more_url=_list_url)
)
