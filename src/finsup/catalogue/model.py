"""The report catalogue as plain frozen dataclasses (no Django): reports, their dated versions,
fields, identity checks and continuity links. The files in ``data/`` are read by ``loader``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

# The institution kinds of finsup.institutions.choices.InstitutionKind, plus the counties'
# own reports and the city's reports to the province. Repeated here so that this package needs no Django.
KINDS = ("microloan", "guarantee", "private_capital", "lending_registry", "county", "city")
FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")

# Every field type and how it is stored and evaluated.
SQL_TYPES = {
    "money": "DECIMAL(20,2)",  # yuan, two places, whatever the unit of entry
    "count": "BIGINT",
    "ratio": "DECIMAL(38,10)",  # a decimal: 0.35 is 35 %
    "rate": "DECIMAL(38,10)",  # an annual rate in per cent: 15.4 is 15.4 % a year
    "text": "VARCHAR",
    "date": "DATE",
}

# Units of entry: id -> (multiplier to the stored value, label zh, label en).
MONEY_UNITS = {"wan_yuan": (Decimal(10000), "万元", "10k yuan"), "yuan": (Decimal(1), "元", "yuan")}
COUNT_UNITS = {
    "clients": (Decimal(1), "户", "clients"),
    "transactions": (Decimal(1), "笔", "transactions"),
    "persons": (Decimal(1), "人", "persons"),
    "institutions": (Decimal(1), "家", "institutions"),
    "times": (Decimal(1), "次", "times"),
    "items": (Decimal(1), "个", "items"),
}
RATE_UNITS = {"percent_per_year": (Decimal(1), "%（年化）", "% a year")}
RATIO_UNITS = {"ratio": (Decimal(1), "", "")}
UNITS_BY_TYPE = {
    "money": MONEY_UNITS,
    "count": COUNT_UNITS,
    "rate": RATE_UNITS,
    "ratio": RATIO_UNITS,
    "text": {"": (Decimal(1), "", "")},
    "date": {"": (Decimal(1), "", "")},
}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class FieldDef:
    id: str
    label_zh: str
    label_en: str
    type: str
    unit: str
    required: bool
    min: Decimal | None  # bounds are in the unit of entry
    max: Decimal | None
    group: str
    group_zh: str
    group_en: str
    help_zh: str = ""
    help_en: str = ""

    @property
    def multiplier(self) -> Decimal:
        """Entered value × multiplier = stored value (10000 for 万元 money, else 1)."""
        return UNITS_BY_TYPE[self.type][self.unit][0]

    @property
    def unit_zh(self) -> str:
        return UNITS_BY_TYPE[self.type][self.unit][1]

    @property
    def unit_en(self) -> str:
        return UNITS_BY_TYPE[self.type][self.unit][2]

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]

    def to_stored(self, entered: Decimal) -> Decimal:
        """A money figure as entered (e.g. 万元) to the stored yuan, two places, half up."""
        return (Decimal(entered) * self.multiplier).quantize(CENT, rounding=ROUND_HALF_UP)

    def to_entered(self, stored: Decimal) -> Decimal:
        return Decimal(stored) / self.multiplier


@dataclass(frozen=True)
class CheckDef:
    """An identity the figures of one filing must satisfy, e.g. the five categories sum to
    the total loans. ``expr`` is a SQL condition; ``tolerance`` (in yuan for money) loosens
    its top-level comparisons; ``sql`` is the compiled DuckDB text. ``fields`` are the fields it
    reads, in the order written; ``target`` is the one a failure points at (the total of a sum: the
    side of the top-level comparison that is a single field), so that a form or a spreadsheet cell
    can carry the error."""

    id: str
    expr: str
    tolerance: Decimal
    message_zh: str
    message_en: str
    sql: str
    fields: tuple[str, ...] = ()
    target: str | None = None
    # For an identity "expression = target" (or "target = expression"): the compiled expression
    # whose value the target should have, so that a failure can show both figures.
    expected_sql: str | None = None


@dataclass(frozen=True)
class ContinuityDef:
    """This period's ``field`` must equal the previous period's ``previous`` (e.g. balance at
    start = last period's balance at end), within ``tolerance``."""

    field: str
    previous: str
    tolerance: Decimal
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class ReportVersion:
    report_code: str
    version: int
    effective_from: datetime.date
    effective_to: datetime.date | None  # inclusive; None = open
    fields: tuple[FieldDef, ...]
    checks: tuple[CheckDef, ...]
    continuity: tuple[ContinuityDef, ...]
    digest: str  # hash of the definition's meaning: store it beside the version number
    note_zh: str = ""
    note_en: str = ""

    @cached_property
    def fields_by_id(self) -> Mapping[str, FieldDef]:
        return {f.id: f for f in self.fields}

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields)

    def field(self, field_id: str) -> FieldDef:
        return self.fields_by_id[field_id]

    def in_force(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        return (end is None or self.effective_from <= end) and (self.effective_to is None or start <= self.effective_to)


@dataclass(frozen=True)
class ReportDefinition:
    code: str
    kind: str
    frequency: str
    deadline_days: int
    name_zh: str
    name_en: str
    versions: tuple[ReportVersion, ...]  # oldest first, dates never overlap
    groups: tuple[tuple[str, str, str], ...]  # (id, zh, en) in display order
    source_file: str

    def version_for(self, day: datetime.date) -> ReportVersion | None:
        """The version in force on ``day`` (use the period end of a filing)."""
        return next((v for v in self.versions if v.in_force(day)), None)

    def version(self, number: int) -> ReportVersion:
        for v in self.versions:
            if v.version == number:
                return v
        raise KeyError(f"{self.code} has no version {number}")

    def versions_overlapping(self, start: datetime.date, end: datetime.date | None) -> tuple[ReportVersion, ...]:
        return tuple(v for v in self.versions if v.overlaps(start, end))

    @cached_property
    def column_types(self) -> Mapping[str, str]:
        """Every field id of every version with its DuckDB type (types never change across versions)."""
        return {f.id: f.sql_type for v in self.versions for f in v.fields}


@dataclass(frozen=True)
class Catalogue:
    reports: Mapping[str, ReportDefinition]

    def __getitem__(self, code: str) -> ReportDefinition:
        return self.reports[code]

    def __contains__(self, code: object) -> bool:
        return code in self.reports

    def __iter__(self) -> Iterator[ReportDefinition]:
        return iter(self.reports.values())

    def __len__(self) -> int:
        return len(self.reports)

    def get(self, code: str) -> ReportDefinition | None:
        return self.reports.get(code)

    def for_kind(self, kind: str) -> list[ReportDefinition]:
        return [r for r in self.reports.values() if r.kind == kind]
