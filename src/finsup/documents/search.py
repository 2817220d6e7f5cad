"""Official documents' kind for the staff search box: final documents by their number (文号, with
the brackets people type: [2026], (2026) or 〔2026〕) or title. The hit opens the document's page
(its versions, sign-off and delivery), which the same scoping guards."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from finsup.accounts.policies import Action, can
from finsup.search.matching import text_matches
from finsup.search.registry import SearchHit, SearchKind, hits_of, register_search_kind

from .choices import DocumentStatus
from .models import OfficialDocument


def _to(d) -> str:
    """Whom the document concerns: its institution, else whom it is addressed to (a referral to the
    police, a request upward, an opinion to the securities regulator), else its office."""
    if d.institution_id:
        return d.institution.name
    return (d.context or {}).get("addressee") or d.office.short_name


def _hit(d) -> SearchHit:
    return SearchHit(
        title=f"{d.number} {d.title}",
        url=reverse("documents:detail", args=[d.pk]),
        detail=gettext("{institution} · {kind} · issued {date}").format(
            institution=_to(d),
            kind=d.get_kind_display(),
            date=timezone.localtime(d.finalised_at).date().isoformat(),
        ),
    )


def find_documents(*, actor, query, limit):
    # The downloads' own question (documents.views.DocumentFileView)
    if not can(actor, Action.INSTITUTION_VIEW):
        return [], 0
    base = OfficialDocument.objects.for_user(actor).filter(status=DocumentStatus.FINAL)
    found = text_matches(base.select_related("institution", "office"), fields=["number", "title"], text=query.numbered)
    return hits_of(found, limit=limit, hit=_hit)


register_search_kind(
    SearchKind(key="documents", label=lambda: gettext("Official documents"), find=find_documents, order=30)
)
