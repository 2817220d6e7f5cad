"""The records elsewhere in the platform a work record may point to ("app_label.model:pk"): an
inspection or a supervisory measure (⑧ ㉒ ㉔), a major risk incident or a complaint (⑨), a suspected
illegal-fundraising entity (⑩), a special survey (㉓), a licensing application (⑧ ㉒ ㉔), a company
of the listing reserve (⑮ ⑯ ⑰), a month of the financial operation analysis (①), a resident institution
or partner department (③⑤⑪–⑭⑱–㉑), a practitioner with their training, examinations and certificates
(㉕), the office's guidance of a self-regulatory organisation (㉖), a governance and internal-control
assessment (㉗). Each is read through its app's selectors, from what the actor may see; a record out of
reach resolves to None, and a page shows its stored label without a link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from finsup.analysis.selectors import months as analysis_months
from finsup.complaints.selectors import complaint_list
from finsup.documents.selectors import document_register, documents_visible
from finsup.fundraising.selectors import entities
from finsup.governance.selectors import assessment_list
from finsup.incidents.selectors import incident_list
from finsup.inspections.selectors import inspection_list, measure_list
from finsup.licensing.selectors import application_list
from finsup.listing.selectors import companies
from finsup.partners.selectors import partner_list
from finsup.qualifications.selectors import guidance_list, practitioner_list
from finsup.surveys.selectors import survey_list


@dataclass(frozen=True)
class Kind:
    records: Callable  # (actor) -> the scoped queryset of the app's selector
    url: Callable  # (record) -> its page
    newest: str = "-pk"


def _url(name: str) -> Callable:
    return lambda record: reverse(name, args=[record.pk])


LINKABLE: dict[str, Kind] = {
    "inspections.inspection": Kind(lambda a: inspection_list(actor=a), _url("inspections:detail")),
    "inspections.measure": Kind(lambda a: measure_list(actor=a), _url("measures:measure_detail")),
    "incidents.incident": Kind(lambda a: incident_list(actor=a), lambda r: r.get_absolute_url()),
    "complaints.complaint": Kind(lambda a: complaint_list(actor=a), lambda r: r.get_absolute_url()),
    "fundraising.suspectentity": Kind(lambda a: entities(actor=a), lambda r: r.get_absolute_url()),
    "surveys.survey": Kind(lambda a: survey_list(actor=a), lambda r: r.get_absolute_url()),
    "licensing.application": Kind(lambda a: application_list(actor=a), lambda r: r.get_absolute_url()),
    "analysis.analysismonth": Kind(lambda a: analysis_months(actor=a), lambda r: r.get_absolute_url()),
    "partners.partner": Kind(lambda a: partner_list(actor=a), lambda r: r.get_absolute_url()),
    "listing.company": Kind(lambda a: companies(actor=a), lambda r: r.get_absolute_url()),  # ⑮ ⑯ ⑰
    "qualifications.practitioner": Kind(lambda a: practitioner_list(actor=a), lambda r: r.get_absolute_url()),
    "qualifications.guidancerecord": Kind(lambda a: guidance_list(actor=a), lambda r: r.get_absolute_url()),
    "governance.assessment": Kind(lambda a: assessment_list(actor=a), lambda r: r.get_absolute_url()),
}


@dataclass(frozen=True)
class Linked:
    source: str
    label: str
    url: str
    pk: int = 0


def _label(record) -> str:
    return f"{record._meta.verbose_name}：{record}"


def resolve(*, actor, source: str) -> Linked | None:
    """The record named "app_label.model:pk" if it may be linked and the actor may see it."""
    label, _sep, pk = (source or "").partition(":")
    kind = LINKABLE.get(label)
    if kind is None or not pk.isdigit():
        return None
    record = kind.records(actor).filter(pk=int(pk)).first()
    return None if record is None else Linked(f"{label}:{record.pk}", _label(record), kind.url(record), record.pk)


def resolve_many(*, actor, sources) -> dict[str, Linked]:
    """`resolve` for many sources, one query per kind: those the actor may see, by source."""
    wanted: dict[str, set[int]] = {}
    for source in sources:
        label, _sep, pk = (source or "").partition(":")
        if label in LINKABLE and pk.isdigit():
            wanted.setdefault(label, set()).add(int(pk))
    found = {}
    for label, pks in wanted.items():
        kind = LINKABLE[label]
        for record in kind.records(actor).filter(pk__in=pks):
            found[f"{label}:{record.pk}"] = Linked(f"{label}:{record.pk}", _label(record), kind.url(record), record.pk)
    return found


def choices(*, actor, per_kind: int = 15) -> list[tuple[str, list[tuple[str, str]]]]:
    """The newest records of each kind the actor may see, for a picker grouped by kind."""
    groups = []
    for label, kind in LINKABLE.items():
        records = list(kind.records(actor).order_by(kind.newest)[:per_kind])
        if records:
            name = str(records[0]._meta.verbose_name)
            groups.append((name, [(f"{label}:{r.pk}", str(r)) for r in records]))
    return groups


def document_for(*, actor, pk) -> Linked | None:
    """An official document of the register the actor may open."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    document = documents_visible(actor=actor, ids=[pk]).get(pk)
    if document is None:
        return None
    return Linked(
        f"documents.officialdocument:{pk}", _document_label(document), reverse("documents:detail", args=[pk]), pk
    )


def _document_label(document) -> str:
    return f"{document.number} {document.title}" if document.number else document.title


def documents_of(*, actor, ids) -> dict[int, Linked]:
    return {
        pk: Linked(f"documents.officialdocument:{pk}", _document_label(d), reverse("documents:detail", args=[pk]), pk)
        for pk, d in documents_visible(actor=actor, ids=ids).items()
    }


def document_choices(*, actor, n: int = 40) -> list[tuple[int, str]]:
    """The newest documents of the actor's register, for a picker."""
    return [(d.pk, _document_label(d)) for d in document_register(actor=actor).order_by("-pk")[:n]]
