"""The computed summary: cells, rows per institution, totals per kind, warnings, filings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from finsup.institutions.choices import InstitutionKind
from finsup.reporting.obligations import Obligation
from finsup.reporting.periods import Period

from .labels import DASH, ratio_text, wan
from .specs import FigureSpec, RatioSpec

if TYPE_CHECKING:
    from finsup.accounts.models import Office
    from finsup.institutions.models import Institution
    from finsup.monitoring.models import RiskWarning


@dataclass(frozen=True)
class Cell:
    spec: FigureSpec | RatioSpec
    value: Decimal | None

    @property
    def display(self) -> str:
        """For the page: money in 万元, ratios in % or times, — when undefined."""
        if self.value is None:
            return DASH
        if self.spec.type == "ratio":
            return ratio_text(self.value, self.spec.style).removesuffix("倍")
        if self.spec.type == "money":
            return f"{wan(self.value):,}"
        return f"{int(self.value):,}"


@dataclass
class FilingCounts:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0
    accepted: int = 0  # accepted or confirmed filings of the period

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    def add(self, other: FilingCounts) -> None:
        for name in ("on_time", "late", "missing", "not_due", "accepted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class InstitutionRow:
    institution: Institution
    figures: tuple[Cell, ...]
    ratios: tuple[Cell, ...]
    warnings: int
    filings: FilingCounts

    def value(self, key: str) -> Decimal | None:
        return next(c.value for c in self.figures + self.ratios if c.spec.key == key)


@dataclass(frozen=True)
class KindSummary:
    kind: str
    rows: tuple[InstitutionRow, ...]
    figures: tuple[Cell, ...]
    ratios: tuple[Cell, ...]

    @property
    def label(self) -> str:
        return InstitutionKind(self.kind).label

    @property
    def institutions(self) -> int:
        return len(self.rows)

    @property
    def reporting(self) -> int:
        """Institutions with at least one accepted filing in the period."""
        return sum(1 for r in self.rows if r.filings.accepted)

    @property
    def figure_specs(self) -> tuple[FigureSpec, ...]:
        return tuple(c.spec for c in self.figures)

    @property
    def ratio_specs(self) -> tuple[RatioSpec, ...]:
        return tuple(c.spec for c in self.ratios)

    def value(self, key: str) -> Decimal | None:
        return next(c.value for c in self.figures + self.ratios if c.spec.key == key)


@dataclass(frozen=True)
class WarningTally:
    key: str
    label: str
    opened: int
    closed: int  # closed by the end of the period

    @property
    def still_open(self) -> int:
        return self.opened - self.closed


@dataclass(frozen=True)
class WarningSummary:
    total: WarningTally
    by_level: tuple[WarningTally, ...]
    by_source: tuple[WarningTally, ...]
    items: tuple[RiskWarning, ...]


@dataclass(frozen=True)
class FilingProblem:
    """A filing of the period that is missing or came in late."""

    obligation: Obligation
    days_overdue: int

    @property
    def institution(self) -> Institution:
        return self.obligation.institution

    @property
    def state(self) -> str:
        return self.obligation.state


@dataclass(frozen=True)
class FilingSummary:
    as_of: datetime.date  # the obligations' states are as of this day
    totals: FilingCounts
    problems: tuple[FilingProblem, ...]  # missing first, then late; most overdue first


@dataclass(frozen=True)
class Summary:
    office: Office
    period: Period
    generated_at: datetime.datetime
    kinds: tuple[KindSummary, ...]
    warnings: WarningSummary
    filings: FilingSummary

    @property
    def rows(self) -> tuple[InstitutionRow, ...]:
        return tuple(r for k in self.kinds for r in k.rows)

    @property
    def institutions(self) -> int:
        return sum(k.institutions for k in self.kinds)

    @property
    def reporting(self) -> int:
        return sum(k.reporting for k in self.kinds)

    def kind(self, kind: str) -> KindSummary:
        return next(k for k in self.kinds if k.kind == kind)


@dataclass(frozen=True)
class CountyLine:
    office: Office
    summary: KindSummary


@dataclass(frozen=True)
class ConsolidatedKind:
    kind: str
    lines: tuple[CountyLine, ...]
    total: KindSummary

    @property
    def label(self) -> str:
        return InstitutionKind(self.kind).label


@dataclass(frozen=True)
class Consolidation:
    office: Office
    period: Period
    generated_at: datetime.datetime
    kinds: tuple[ConsolidatedKind, ...]
