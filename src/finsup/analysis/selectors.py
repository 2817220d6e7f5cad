"""Reads of the financial operation analysis: the months within the actor's reach, and a month's
figures summed from the latest answer of each resident institution (surveys' consolidation)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from finsup.surveys.selectors import consolidation

from .indicators import GROUPS, HEADLINE
from .models import AnalysisMonth


def months(*, actor) -> QuerySet[AnalysisMonth]:
    return AnalysisMonth.objects.for_user(actor).select_related("office").prefetch_related("surveys__survey")


def month_get(*, actor, pk: int) -> AnalysisMonth:
    return months(actor=actor).get(pk=pk)


def previous_month(month: AnalysisMonth) -> AnalysisMonth | None:
    return AnalysisMonth.objects.filter(office=month.office, month__lt=month.month).order_by("-month").first()


@dataclass
class Row:
    pk: int  # the survey recipient: its page answers for the bank (its users, or the office entering its sheet)
    name: str
    county: str
    group: str
    state: str
    figures: dict | None  # field id → Decimal (yuan), the latest answer's


@dataclass
class MonthFigures:
    month: AnalysisMonth
    rows: list[Row] = field(default_factory=list)
    totals: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (group, field) → yuan
    by_county: dict[str, dict[tuple[str, str], Decimal]] = field(default_factory=dict)
    surveys: dict[str, object] = field(default_factory=dict)  # group → Survey

    @property
    def answered(self) -> int:
        return sum(r.figures is not None for r in self.rows)

    @property
    def asked(self) -> int:
        return len(self.rows)

    def total(self, group: str, fid: str) -> Decimal | None:
        return self.totals.get((group, fid))


def _place(recipient) -> str:
    """The city's branches of the national banks and insurers report for the whole city: in the table
    by county they are a row of their own ("city level"), not the city office's name."""
    return recipient.partner.place if recipient.partner_id else recipient.within.short_name


def month_figures(month: AnalysisMonth) -> MonthFigures:
    result = MonthFigures(month=month)
    by_county: dict[str, dict] = defaultdict(lambda: defaultdict(Decimal))
    for ms in month.surveys.select_related("survey"):
        group = GROUPS.get(ms.group)
        if group is None:
            continue
        result.surveys[ms.group] = ms.survey
        for row in consolidation(ms.survey).rows:
            recipient = row.recipient
            county = _place(recipient)
            result.rows.append(Row(recipient.pk, recipient.name, county, ms.group, row.state, row.figures))
            for fdef in group.fields:
                value = (row.figures or {}).get(fdef["id"])
                if value is None:
                    continue
                key = (ms.group, fdef["id"])
                result.totals[key] = result.totals.get(key, Decimal(0)) + Decimal(value)
                by_county[county][key] += Decimal(value)
    result.by_county = {name: dict(values) for name, values in sorted(by_county.items())}
    return result


def series(*, actor, office, last: int = 13) -> list[MonthFigures]:
    """The office's last `last` months whose every institution has answered, oldest first, for the
    charts over time (a month still missing a bank's figures would show as a fall)."""
    chosen = list(months(actor=actor).filter(office=office).order_by("-month")[:last])
    figures = [month_figures(m) for m in reversed(chosen)]
    return [f for f in figures if f.asked and f.answered == f.asked]


def headline_fields() -> list[tuple[str, str, str]]:
    """(group, field id, Chinese label) of the figures the charts and the document print."""
    labels = {(g.key, f["id"]): f["label_zh"] for g in GROUPS.values() for f in g.fields}
    return [(g, fid, labels[(g, fid)]) for g, fid in HEADLINE]
