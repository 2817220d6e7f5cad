"""Reads of the governance assessments: staff see their jurisdiction's; `latest_governance_score`
is the system read other procedures (a rating, an annual review) may ask."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from finsup.institutions.selectors import institution_scope

from .checklist import checklist
from .models import Assessment


def assessment_list(*, actor) -> QuerySet[Assessment]:
    return Assessment.objects.for_user(actor).select_related("institution", "assessor")


def assessment_get(*, actor, pk: int) -> Assessment:
    """Assessment.DoesNotExist outside the actor's reach."""
    return assessment_list(actor=actor).get(pk=pk)


def latest_assessments(*, actor) -> list[Assessment]:
    """The newest version of each institution's newest year the actor may see."""
    seen, latest = set(), []
    for a in assessment_list(actor=actor).order_by("institution__name", "institution_id", "-year", "-version"):
        if a.institution_id not in seen:
            seen.add(a.institution_id)
            latest.append(a)
    return latest


def assessments_of(*, actor, institution) -> QuerySet[Assessment]:
    return assessment_list(actor=actor).filter(institution=institution)


def institution_choices(*, actor):
    """The institutions the actor may see, for the picker of the institution to assess."""
    return institution_scope(actor=actor).order_by("name").only("pk", "name")


def institution_for_assessment(*, actor, pk: int):
    """An institution the actor may see; Institution.DoesNotExist otherwise."""
    return institution_scope(actor=actor).select_related("county").get(pk=pk)


@dataclass(frozen=True)
class Score:
    total: Decimal
    grade: str
    version: int


def latest_governance_score(institution, year: int) -> Score | None:
    """The newest version of the institution's assessment for the year (a system read: no actor)."""
    a = Assessment.objects.filter(institution=institution, year=year).order_by("-version").first()
    return None if a is None else Score(a.total, a.grade, a.version)


@dataclass(frozen=True)
class ItemScore:
    area: str
    text: str
    points: Decimal
    score: Decimal | None
    note: str


def item_scores(assessment: Assessment) -> list[ItemScore]:
    """The assessment's scores item by item, in the checklist's order (items it lacks: no score)."""
    return [
        ItemScore(
            i.area,
            i.text,
            i.points,
            Decimal(assessment.scores[i.key]["score"]) if i.key in assessment.scores else None,
            assessment.scores.get(i.key, {}).get("note", ""),
        )
        for i in checklist().items
    ]
