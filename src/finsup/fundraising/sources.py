"""The records elsewhere in the platform a suspected entity can be registered from: a tip-off or
complaint (complaints), a risk warning on a licensed institution (monitoring), a finding of an
on-site inspection (inspections). Each is read through
its app's selector within the user's scope (outside it: ObjectDoesNotExist, a 404 for the page) and
becomes a `SourceRecord`: what the registration form is filled with, and the entity's first text."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.complaints.selectors import complaint_get
from finsup.inspections.selectors import finding_list
from finsup.monitoring.selectors import warning_get

from .choices import DocumentKind, Origin

# The query parameter of the registration page that names each kind of record.
PARAMETERS = ("complaint", "warning", "finding")


@dataclass(frozen=True)
class SourceRecord:
    parameter: str  # "complaint" | "warning" | "finding": the registration page's query parameter
    pk: int
    key: str  # "<app_label>.<model>:<pk>", kept on the entity and its first text
    origin: str
    heading: str  # what the registration page shows above the form
    name: str
    credit_code: str
    institution: object | None
    office: object
    text_kind: str
    text_title: str
    text_body: str
    received_on: datetime.date
    url: str


def read(actor, parameter: str, pk: int) -> SourceRecord:
    """The record `parameter`=`pk` as `actor` may see it (ObjectDoesNotExist outside their scope)."""
    if parameter == "complaint":
        return _complaint(actor, pk)
    if parameter == "warning":
        return _warning(actor, pk)
    if parameter == "finding":
        return _finding(actor, pk)
    raise ValueError(parameter)


def _complaint(actor, pk: int) -> SourceRecord:
    c = complaint_get(actor=actor, pk=pk)
    institution = c.institution
    return SourceRecord(
        parameter="complaint",
        pk=c.pk,
        key=f"complaints.complaint:{c.pk}",
        origin=Origin.TIP_OFF,
        heading=_("From tip-off %(code)s") % {"code": c.tracking_code},
        name=c.respondent_name or (institution.name if institution else ""),
        credit_code=institution.credit_code if institution else "",
        institution=institution,
        office=c.office,
        text_kind=DocumentKind.TIP_OFF,
        text_title=_("Tip-off %(code)s: %(subject)s") % {"code": c.tracking_code, "subject": c.subject},
        text_body=f"{c.subject}\n{c.description}",
        received_on=timezone.localdate(c.received_at),
        url=c.get_absolute_url(),
    )


def _warning(actor, pk: int) -> SourceRecord:
    w = warning_get(actor=actor, pk=pk)
    institution = w.institution
    body = "\n".join(part for part in (w.title, w.detail, w.citation) if part)
    return SourceRecord(
        parameter="warning",
        pk=w.pk,
        key=f"monitoring.riskwarning:{w.pk}",
        origin=Origin.WARNING,
        heading=_("From the risk warning of %(day)s") % {"day": timezone.localdate(w.opened_at)},
        name=institution.name,
        credit_code=institution.credit_code,
        institution=institution,
        office=institution.county,
        text_kind=DocumentKind.OTHER,
        text_title=_("Risk warning: %(title)s") % {"title": w.title},
        text_body=body,
        received_on=timezone.localdate(w.opened_at),
        url=w.get_absolute_url(),
    )


def _finding(actor, pk: int) -> SourceRecord:
    f = finding_list(actor=actor).select_related("institution__county", "inspection").get(pk=pk)
    institution = f.institution
    return SourceRecord(
        parameter="finding",
        pk=f.pk,
        key=f"inspections.finding:{f.pk}",
        origin=Origin.INSPECTION,
        heading=_("From a finding of the inspection “%(title)s”") % {"title": f.inspection.title},
        name=institution.name,
        credit_code=institution.credit_code,
        institution=institution,
        office=institution.county,
        text_kind=DocumentKind.EVIDENCE,
        text_title=_("Inspection finding: %(title)s") % {"title": f.title},
        text_body="\n".join(part for part in (f.title, f.description, f.citation) if part),
        received_on=timezone.localdate(f.created_at),
        url=reverse("inspections:finding_detail", args=[f.pk]),
    )
