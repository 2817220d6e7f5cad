"""How the documents' register links an opinion back to its company (finsup.documents.links), for
the staff whose scope holds the company."""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsup.documents.links import SubjectLink, register_subject_link

from .models import Company


def _company_link(actor, subject) -> SubjectLink | None:
    if actor.is_institution_user or not Company.objects.for_user(actor).filter(pk=subject.pk).exists():
        return None
    label = _("Company preparing to list: %(name)s") % {"name": subject.name}
    return SubjectLink(label=label, url=subject.get_absolute_url())


register_subject_link("listing.company", _company_link)
