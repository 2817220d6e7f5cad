"""Reads of risk warnings and indicator trends, always starting from what the acting user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from finsup.accounts.policies import Action, can
from finsup.institutions.choices import InstitutionKind

from .choices import (
    ALLOWED_TRANSITIONS,
    BREACH_SOURCES,
    JUSTIFICATION_TRANSITIONS,
    JustificationStatus,
    WarningLevel,
    WarningSource,
    WarningStatus,
)
from .filters import BreachFilter, WarningFilter, level_rank
from .indicators import IndicatorPoint, indicator_series, rule_descriptions  # noqa: F401  indicator_series: the views' reader
from .models import JustificationEvent, RiskWarning, WarningEvent

if TYPE_CHECKING:
    from finsup.accounts.models import Office


def warning_list(*, actor, filters) -> tuple[QuerySet[RiskWarning], WarningFilter]:
    base = (
        RiskWarning.objects.for_user(actor)
        .select_related("institution__county", "assigned_to")
        .annotate(level_rank=level_rank())
    )
    filterset = WarningFilter(filters, queryset=base, actor=actor)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs, filterset


def warnings_selected(*, actor, pks: list[int]) -> list[RiskWarning]:
    """The warnings of `pks` the actor may see, in the order given; RiskWarning.DoesNotExist if any
    is not (out of reach and unknown alike)."""
    found = RiskWarning.objects.for_user(actor).select_related("institution__county").in_bulk(pks)
    if len(found) != len(set(pks)):
        raise RiskWarning.DoesNotExist
    return [found[pk] for pk in dict.fromkeys(pks)]


def bulk_acknowledge_allowed(*, actor, status: str) -> bool:
    """Whether the warnings list, filtered by `status`, offers to acknowledge many at once: to
    whoever handles warnings, on the list of open ones."""
    return status == WarningStatus.OPEN and can(actor, Action.WARNING_HANDLE) and not actor.is_institution_user


def warning_get(*, actor, pk: int) -> RiskWarning:
    """The warning if the actor may see it; RiskWarning.DoesNotExist otherwise."""
    return (
        RiskWarning.objects.for_user(actor)
        .select_related("institution__county", "institution__lead_supervisor", "assigned_to", "submission")
        .get(pk=pk)
    )


def warning_history(*, warning: RiskWarning) -> QuerySet[WarningEvent]:
    return warning.events.select_related("by").order_by("at", "pk")


def warning_next_statuses(*, warning: RiskWarning) -> list[WarningStatus]:
    """The statuses the warning may move to, in workflow order."""
    allowed = ALLOWED_TRANSITIONS[warning.status]
    return [status for status in WarningStatus if status in allowed]


# --- breaches of a rule and their justification ------------------------------------------------


def breach_list(*, actor, filters) -> tuple[QuerySet[RiskWarning], BreachFilter]:
    """The actor's breaches of a rule (an institution's own: scoping shows it no other warning)."""
    base = RiskWarning.objects.for_user(actor).filter(source__in=BREACH_SOURCES).annotate(level_rank=level_rank())
    filterset = BreachFilter(filters, queryset=base, actor=actor)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return qs, filterset


def breach_get(*, actor, pk: int) -> RiskWarning:
    """The breach warning if the actor may see it; RiskWarning.DoesNotExist otherwise."""
    return (
        RiskWarning.objects.for_user(actor)
        .filter(source__in=BREACH_SOURCES)
        .select_related("institution__county", "submission")
        .get(pk=pk)
    )


def justification_history(*, warning: RiskWarning) -> QuerySet[JustificationEvent]:
    return warning.justification_events.select_related("by__office").order_by("at", "pk")


def justification_event_get(*, actor, pk: int) -> JustificationEvent | None:
    return JustificationEvent.objects.for_user(actor).filter(pk=pk).first()


def justification_decisions(*, warning: RiskWarning) -> list[JustificationStatus]:
    """The decisions a handler may take on the breach now, in the order of the buttons."""
    if warning.source not in BREACH_SOURCES or warning.status == WarningStatus.CLOSED:
        return []
    allowed = JUSTIFICATION_TRANSITIONS[warning.justification_status] - {JustificationStatus.WAITING}
    return [status for status in JustificationStatus if status in allowed]


def filing_breaches(*, actor, submission) -> dict[str, RiskWarning]:
    """The warnings of the filing's breaches by rule: one per rule and period, whichever version of
    the filing opened it."""
    if not submission.institution_id:
        return {}
    qs = RiskWarning.objects.for_user(actor).filter(
        source=WarningSource.RULE_BREACH,
        institution_id=submission.institution_id,
        report_code=submission.report_code,
        period_end=submission.period_end,
    )
    return {w.rule_id: w for w in qs}


@dataclass(frozen=True)
class BreachCount:
    breaches: int
    justified: int
    false_alarms: int

    @property
    def false_alarm_percent(self) -> str:
        """The share of the breaches found false alarms, as read: "8.3%"."""
        share = Decimal(100 * self.false_alarms) / Decimal(self.breaches) if self.breaches else Decimal(0)
        return f"{share.quantize(Decimal('0.1'))}%"


def breach_statistics(*, actor) -> dict[str, BreachCount]:
    """Per rule, in the actor's jurisdiction: the breach warnings opened, how many were justified
    and how many were found false alarms."""
    rows = (
        RiskWarning.objects.for_user(actor)
        .filter(source__in=BREACH_SOURCES)
        .exclude(rule_id="")
        .values("rule_id")
        .annotate(
            breaches=Count("pk"),
            justified=Count("pk", filter=Q(justification_status=JustificationStatus.JUSTIFIED)),
            false_alarms=Count("pk", filter=Q(justification_status=JustificationStatus.FALSE_ALARM)),
        )
        .order_by()
    )
    return {r["rule_id"]: BreachCount(r["breaches"], r["justified"], r["false_alarms"]) for r in rows}


def institution_warnings(*, actor, institution) -> QuerySet[RiskWarning]:
    return RiskWarning.objects.for_user(actor).filter(institution=institution).select_related("assigned_to")


def warning_summary(*, actor, counties: list[Office]) -> dict:
    """Warnings not yet closed, counted by county and level and by institution kind, for the dashboard."""
    qs = RiskWarning.objects.for_user(actor).exclude(status=WarningStatus.CLOSED)
    cells = {
        (county, level): n
        for county, level, n in qs.values_list("institution__county_id", "level").annotate(n=Count("pk")).order_by()
    }
    by_kind = dict(qs.values_list("institution__kind").annotate(n=Count("pk")).order_by())
    return {
        "open": sum(cells.values()),
        "mine": qs.filter(assigned_to=actor).count(),
        "by_county": [
            {
                "name": str(level.label),
                "level": level.value,
                "data": [cells.get((c.pk, level.value), 0) for c in counties],
            }
            for level in WarningLevel
        ],
        "by_kind": [{"name": str(kind.label), "value": by_kind.get(kind.value, 0)} for kind in InstitutionKind],
    }


def _plain(number: Decimal) -> str:
    """0.700000 → "0.7", 100 → "100" (never "1E+2")."""
    return format(number.normalize(), "f")


def _number(text: str) -> str | None:
    try:
        return _plain(Decimal(text)) if text else None
    except InvalidOperation:
        return None


def indicator_chart_data(series: dict[str, list[IndicatorPoint]]) -> list[dict]:
    """The series as JSON for the charts. Figures stay decimal strings; a threshold that is not a
    plain number (a formula) is shown in the tooltip only."""
    descriptions = rule_descriptions(series)
    charts = []
    for rule_id, points in series.items():
        thresholds = {p[2] for p in points}
        charts.append(
            {
                "rule": rule_id,
                "description": descriptions.get(rule_id, ""),
                "periods": [f"{p[0]:%Y-%m-%d}" for p in points],
                "values": [None if p[1] is None else _plain(p[1]) for p in points],
                "thresholds": [_number(p[2]) for p in points],
                "threshold_labels": [p[2] for p in points],
                "passed": [p[3] for p in points],
                "constant_threshold": _number(points[-1][2]) if len(thresholds) == 1 else None,
            }
        )
    return charts


# --- For other apps: warnings read through these selectors, never the models --------------------


def open_warning_for(*, institution, source: str, rule_id: str) -> RiskWarning | None:
    """The institution's latest warning not yet closed from this source and rule (a system read for
    the evaluations: no actor), or None."""
    return (
        RiskWarning.objects.filter(institution=institution, source=source, rule_id=rule_id)
        .exclude(status=WarningStatus.CLOSED)
        .order_by("-period_end", "-pk")
        .first()
    )


def warnings_not_closed(pks) -> set[int]:
    """Of the warnings given, those not yet closed (a system read for the evaluations: no actor)."""
    return set(
        RiskWarning.objects.filter(pk__in=list(pks)).exclude(status=WarningStatus.CLOSED).values_list("pk", flat=True)
    )


def open_warnings_from(*, actor, institution, source: str) -> QuerySet[RiskWarning]:
    """The institution's warnings from one source not yet closed that the actor may see, newest first."""
    return (
        RiskWarning.objects.for_user(actor)
        .filter(institution=institution, source=source)
        .exclude(status=WarningStatus.CLOSED)
        .select_related("assigned_to")
        .order_by("-opened_at", "-pk")
    )


def warnings_of_year(*, institution, year: int) -> QuerySet[RiskWarning]:
    """The institution's warnings of the year: of a period ending in it, or opened in it when they
    have no period (a system read for the ratings: no actor)."""
    return RiskWarning.objects.filter(institution=institution).filter(
        Q(period_end__year=year) | Q(period_end__isnull=True, opened_at__year=year)
    )


def warnings_in_status(*, institution, status: str) -> QuerySet[RiskWarning]:
    """The institution's warnings in one status (a system read: no actor)."""
    return RiskWarning.objects.filter(institution=institution, status=status)


def warning_scope(*, actor) -> QuerySet[RiskWarning]:
    """Every warning the actor may see, to be narrowed by the caller."""
    return RiskWarning.objects.for_user(actor)


def warning_steps_of(*, actor, institution) -> QuerySet[WarningEvent]:
    """The steps the institution's warnings the actor may see have taken since they were opened."""
    return WarningEvent.objects.for_user(actor).filter(warning__institution=institution).exclude(from_status="")


def warnings_opened_under(*, office, start: datetime.datetime, end: datetime.datetime) -> QuerySet[RiskWarning]:
    """The warnings of the institutions within the office opened from ``start`` to before ``end``, in the
    order opened (a system read for the summaries: no actor)."""
    return (
        RiskWarning.objects.filter(
            institution__county__path__startswith=office.path, opened_at__gte=start, opened_at__lt=end
        )
        .select_related("institution__county")
        .order_by("opened_at", "pk")
    )


def warning_period_counts(*, office, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """The warnings of the institutions within the office opened from ``start`` to before ``end``:
    all, breaches of the rulebook, closed by ``end``; and those still open now (a system read for
    the office's own reports: no actor)."""
    from .choices import BREACH_SOURCES, WarningStatus

    opened = warnings_opened_under(office=office, start=start, end=end)
    counts = opened.aggregate(
        warnings=Count("pk"),
        breaches=Count("pk", filter=Q(source__in=BREACH_SOURCES)),
        closed=Count("pk", filter=Q(status=WarningStatus.CLOSED)),
    )
    counts["open_now"] = (
        RiskWarning.objects.filter(institution__county__path__startswith=office.path)
        .exclude(status=WarningStatus.CLOSED)
        .count()
    )
    return counts
