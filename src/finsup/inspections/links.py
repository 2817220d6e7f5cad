"""How the documents' register links an inspection, interview or measure (finsup.documents.links):
by its name, to its page, for staff who may open it (an institution's users follow their
rectification elsewhere)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.documents.links import SubjectLink, register_subject_link


def _visible(actor, model, pk) -> bool:
    """Whether the actor's scope holds this record; the pks read once per model and user object
    (a register page links up to 25 records)."""
    cache = actor.__dict__.setdefault("_document_subjects", {})
    label = model._meta.label_lower
    if label not in cache:
        cache[label] = set(model.objects.for_user(actor).values_list("pk", flat=True))
    return pk in cache[label]


def _linker(route: str, name):
    def link(actor, subject) -> SubjectLink | None:
        if actor.is_institution_user or not _visible(actor, type(subject), subject.pk):
            return None
        return SubjectLink(label=name(subject), url=reverse(route, args=[subject.pk]))

    return link


def register() -> None:
    register_subject_link(
        "inspections.inspection", _linker("inspections:detail", lambda i: _("Inspection: %(t)s") % {"t": i.title})
    )
    register_subject_link(
        "inspections.interview",
        _linker("measures:interview_detail", lambda i: _("Executive interview of %(d)s") % {"d": _day(i.scheduled_at)}),
    )
    register_subject_link(
        "inspections.measure",
        _linker("measures:measure_detail", lambda m: _("Supervisory measure: %(k)s") % {"k": m.get_kind_display()}),
    )


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else "—"
