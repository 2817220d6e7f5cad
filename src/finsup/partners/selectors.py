"""Reads of the partners register, each from what the actor may see (`for_user`)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import MajorMatter, Partner


def partner_list(*, actor, kind: str = "") -> QuerySet[Partner]:
    qs = Partner.objects.for_user(actor).select_related("county")
    return qs.filter(kind=kind) if kind else qs


def partner_get(*, actor, pk: int) -> Partner:
    return partner_list(actor=actor).get(pk=pk)


def partners_with_counts(*, actor, kind: str = "") -> QuerySet[Partner]:
    return partner_list(actor=actor, kind=kind).annotate(matters_count=Count("matters"))


def matters_of(partner: Partner) -> QuerySet[MajorMatter]:
    return partner.matters.select_related("recorded_by").order_by("-occurred_on", "-pk")


def matter_list(*, actor) -> QuerySet[MajorMatter]:
    return MajorMatter.objects.for_user(actor).select_related("partner")


def partners_for_survey(*, actor, kinds) -> QuerySet[Partner]:
    """The partners of these kinds within the actor's reach, for a survey's recipients."""
    return partner_list(actor=actor).filter(kind__in=list(kinds)).order_by("kind", "name")
