"""Reads of special surveys, each from what the actor may see (`for_user`). Where a recipient stands
is computed from its answers, its forwarding and the deadline, never stored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from finsup.catalogue import FieldDef, ReportVersion
from finsup.core import clock
from finsup.reporting.validation import json_to_stored

from .choices import RecipientState, SurveyStatus
from .definition import version_of
from .models import Survey, SurveyAnswer, SurveyRecipient

NUMERIC = ("money", "count", "ratio", "rate")
SUMMED = ("money", "count")


def survey_list(*, actor) -> QuerySet[Survey]:
    """The surveys sent (or drafted) by the offices of the actor's jurisdiction."""
    return Survey.objects.for_user(actor).select_related("office", "forwarded_from__survey__office")


def survey_get(*, actor, pk: int) -> Survey:
    return survey_list(actor=actor).get(pk=pk)


def _with_state(qs: QuerySet[SurveyRecipient]) -> QuerySet[SurveyRecipient]:
    return qs.annotate(
        has_answer=Exists(SurveyAnswer.objects.filter(recipient=OuterRef("pk"))),
        has_forward=Exists(Survey.objects.filter(forwarded_from=OuterRef("pk"), status=SurveyStatus.SENT)),
    )


def _addressed_to(actor) -> Q:
    if actor.institution_id:
        return Q(institution_id=actor.institution_id)
    if getattr(actor, "partner_id", None):
        return Q(partner_id=actor.partner_id)
    return Q(office_id=actor.office_id, office__isnull=False)


def requests_received(*, actor) -> QuerySet[SurveyRecipient]:
    """The surveys sent to the actor's institution or office, newest deadline first."""
    qs = SurveyRecipient.objects.for_user(actor).filter(_addressed_to(actor), survey__status=SurveyStatus.SENT)
    return (
        _with_state(qs)
        .select_related("survey__office", "institution", "office", "partner")
        .order_by("-survey__deadline", "-pk")
    )


def request_get(*, actor, pk: int) -> SurveyRecipient:
    """A recipient of a sent survey within the actor's reach: its respondent, or the staff above."""
    qs = SurveyRecipient.objects.for_user(actor).filter(survey__status=SurveyStatus.SENT)
    return _with_state(qs).select_related("survey__office", "institution", "office", "partner", "within").get(pk=pk)


def state_of(recipient: SurveyRecipient, today: datetime.date | None = None) -> str:
    if recipient.has_answer:
        return RecipientState.ANSWERED
    if recipient.has_forward:
        return RecipientState.FORWARDED
    if recipient.survey.deadline < (today or clock.today()):
        return RecipientState.OVERDUE
    return RecipientState.WAITING


def open_requests(qs: QuerySet[SurveyRecipient]) -> QuerySet[SurveyRecipient]:
    """Of these recipients (from `_with_state`), those neither answered nor forwarded."""
    return qs.filter(has_answer=False, has_forward=False)


def waiting_counts(*, actor) -> tuple[int, int]:
    """(surveys the actor's institution or office still has to answer, how many of them are overdue)."""
    counts = open_requests(requests_received(actor=actor)).aggregate(
        n=Count("pk"), overdue=Count("pk", filter=Q(survey__deadline__lt=clock.today()))
    )
    return counts["n"], counts["overdue"]


def overdue_of_office(*, actor) -> QuerySet[SurveyRecipient]:
    """The overdue non-answers to the surveys the actor's own office sent."""
    qs = SurveyRecipient.objects.for_user(actor).filter(
        survey__office_id=actor.office_id, survey__status=SurveyStatus.SENT, survey__deadline__lt=clock.today()
    )
    return open_requests(_with_state(qs))


def answers_of(recipient: SurveyRecipient) -> QuerySet[SurveyAnswer]:
    return recipient.answers.select_related("submitted_by").order_by("-version")


def latest_answer(recipient: SurveyRecipient) -> SurveyAnswer | None:
    return recipient.answers.order_by("-version").first()


def forward_of(recipient: SurveyRecipient) -> Survey | None:
    return Survey.objects.filter(forwarded_from=recipient).first()


# -- Consolidation across the chain -----------------------------------------------------------


@dataclass
class ReturnRow:
    """One recipient of the chain, with its latest answer's figures if it answered."""

    recipient: SurveyRecipient
    state: str
    level: int  # 0: a recipient of the survey itself; 1: of a survey forwarded by one of those, …
    via: str  # the office that forwarded it ("" at level 0)
    answer: SurveyAnswer | None = None
    figures: dict | None = None  # stored values (money in yuan)


@dataclass
class FieldTotal:
    field: FieldDef
    count: int = 0
    total: Decimal | None = None
    mean: Decimal | None = None


@dataclass
class Consolidation:
    survey: Survey
    version: ReportVersion
    rows: list[ReturnRow] = field(default_factory=list)
    totals: list[FieldTotal] = field(default_factory=list)

    @property
    def counted(self) -> list[ReturnRow]:
        """The returns the totals count: every answer of the chain, except a forwarding office's own
        rows when it answered itself (its answer stands for what is below it)."""
        return [r for r in self.rows if r.figures is not None and r.level >= 0]

    @property
    def answered(self) -> int:
        return sum(r.state == RecipientState.ANSWERED for r in self.rows if r.level == 0)

    @property
    def direct(self) -> int:
        return sum(r.level == 0 for r in self.rows)


def _rows(survey: Survey, version: ReportVersion, level: int, via: str, today) -> list[ReturnRow]:
    recipients = _with_state(survey.recipients.all()).select_related(
        "institution", "office", "partner", "within", "survey"
    )
    rows: list[ReturnRow] = []
    for recipient in recipients:
        row = ReturnRow(recipient=recipient, state=state_of(recipient, today), level=level, via=via)
        if recipient.has_answer:
            row.answer = latest_answer(recipient)
            row.figures = json_to_stored(version, row.answer.values)
            rows.append(row)
            continue
        rows.append(row)
        child = Survey.objects.filter(forwarded_from=recipient, status=SurveyStatus.SENT).first()
        if child is not None:
            rows.extend(_rows(child, version, level + 1, recipient.office.name, today))
    return rows


def consolidation(survey: Survey, *, today: datetime.date | None = None) -> Consolidation:
    """Every return of the chain below the survey (a forwarding office's returns in its place unless
    it answered itself), and per field the number of answers and their sum (amounts and counts) or
    mean (ratios and rates)."""
    version = version_of(survey.definition)
    result = Consolidation(survey=survey, version=version, rows=_rows(survey, version, 0, "", today))
    for fdef in version.fields:
        values = [r.figures[fdef.id] for r in result.rows if r.figures and r.figures.get(fdef.id) is not None]
        total = FieldTotal(field=fdef, count=len(values))
        if fdef.type in SUMMED and values:
            total.total = sum((Decimal(v) for v in values), Decimal(0))
        elif fdef.type in NUMERIC and values:
            total.mean = sum((Decimal(v) for v in values), Decimal(0)) / len(values)
        result.totals.append(total)
    return result
