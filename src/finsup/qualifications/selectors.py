"""Reads of the practitioner qualification, from what the actor may see: staff their
jurisdiction's practitioners, an institution's users their own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from finsup.institutions.selectors import institution_scope, institutions_under

from .choices import QUALIFIED_KINDS, CertificateState, StepKind
from .models import Association, GuidanceRecord, Practitioner, Step
from .states import certificate_state, current_certificate


def practitioner_list(*, actor) -> QuerySet[Practitioner]:
    return Practitioner.objects.for_user(actor).select_related("institution", "institution__county")


def practitioner_get(*, actor, pk: int) -> Practitioner:
    """Practitioner.DoesNotExist outside the actor's reach."""
    return practitioner_list(actor=actor).get(pk=pk)


def certificate_get(*, actor, pk: int) -> Step:
    """A certificate the actor may see; Step.DoesNotExist otherwise."""
    return (
        Step.objects.for_user(actor)
        .select_related("practitioner__institution__county")
        .get(pk=pk, kind=StepKind.CERTIFICATE)
    )


def qualified_institutions(*, actor):
    """The private capital managers and lending registration services the actor may see."""
    return institution_scope(actor=actor).filter(kind__in=QUALIFIED_KINDS).order_by("name")


@dataclass
class Row:
    practitioner: Practitioner
    certificate: Step | None
    state: CertificateState | None


def practitioner_rows(*, actor, as_of: datetime.date, institution=None) -> list[Row]:
    """Each practitioner with their newest certificate and its state on the day."""
    qs = practitioner_list(actor=actor)
    if institution is not None:
        qs = qs.filter(institution=institution)
    certificates = Step.objects.filter(kind=StepKind.CERTIFICATE).select_related("revocation")
    rows = []
    for p in qs.prefetch_related(Prefetch("steps", queryset=certificates, to_attr="certificates")):
        newest = p.certificates[-1] if p.certificates else None
        state = certificate_state(newest, today=as_of) if newest else None
        rows.append(Row(p, newest, state))
    return rows


@dataclass
class History:
    steps: list[Step]
    certificates: list[tuple[Step, CertificateState]]
    current: Step | None


def practitioner_history(*, practitioner: Practitioner, as_of: datetime.date) -> History:
    steps = list(practitioner.steps.select_related("revocation", "revokes", "by"))
    certificates = [(s, certificate_state(s, today=as_of)) for s in steps if s.kind == StepKind.CERTIFICATE]
    return History(steps, certificates, current_certificate(steps, today=as_of))


def association_list(*, actor) -> QuerySet[Association]:
    return Association.objects.for_user(actor).select_related("office")


def association_get(*, actor, pk: int) -> Association:
    """Association.DoesNotExist outside the actor's reach."""
    return association_list(actor=actor).get(pk=pk)


def association_members(*, association: Association):
    return association.members.select_related("county").order_by("name")


def guidance_list(*, actor) -> QuerySet[GuidanceRecord]:
    return GuidanceRecord.objects.for_user(actor).select_related("association", "by")


def member_choices(*, office):
    """The institutions of the office's jurisdiction, for the members of an organisation it guides."""
    return institutions_under(office=office).order_by("name")
