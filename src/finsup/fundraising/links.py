"""How the documents' register links a 移送书 back to its entity (finsup.documents.links), for the
staff whose scope holds the entity."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from finsup.documents.links import SubjectLink, register_subject_link

from .models import SuspectEntity


def _entity_link(actor, subject) -> SubjectLink | None:
    if actor.is_institution_user or not SuspectEntity.objects.for_user(actor).filter(pk=subject.pk).exists():
        return None
    label = _("Suspected illegal fundraising: %(name)s") % {"name": subject.name}
    return SubjectLink(label=label, url=reverse("fundraising:entity", args=[subject.pk]))


register_subject_link("fundraising.suspectentity", _entity_link)
