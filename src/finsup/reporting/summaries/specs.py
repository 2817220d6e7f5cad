"""What a summary adds up: a figure of a report (a balance or a flow) and ratios of two figures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import get_language

from finsup.catalogue import FieldDef
from finsup.reporting import catalogue_access as cat

LATEST, SUM = "latest", "sum"
PERCENT, TIMES = "percent", "times"


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@dataclass(frozen=True)
class FigureSpec:
    """One summed figure: `field` of `report`, a balance (LATEST) or a flow (SUM)."""

    key: str
    report: str
    field: str
    mode: str
    label_zh: str = ""  # defaults to the catalogue's label (give one when summing changes the meaning)
    label_en: str = ""

    @cached_property
    def field_def(self) -> FieldDef:
        report = cat.catalogue()[self.report]
        return next(v.field(self.field) for v in reversed(report.versions) if self.field in v.fields_by_id)

    @property
    def type(self) -> str:
        return self.field_def.type

    @property
    def title_zh(self) -> str:
        return self.label_zh or self.field_def.label_zh

    @property
    def unit_zh(self) -> str:
        return self.field_def.unit_zh

    @property
    def label(self) -> str:
        return self.title_zh if _zh() else (self.label_en or self.field_def.label_en)

    @property
    def unit(self) -> str:
        return self.field_def.unit_zh if _zh() else self.field_def.unit_en


@dataclass(frozen=True)
class RatioSpec:
    """numerator / denominator of two figures of the same kind; undefined when the denominator is 0."""

    key: str
    numerator: str
    denominator: str
    style: str  # PERCENT or TIMES
    label_zh: str
    label_en: str

    type = "ratio"

    @property
    def title_zh(self) -> str:
        return self.label_zh

    @property
    def label(self) -> str:
        return self.label_zh if _zh() else self.label_en

    @property
    def unit_zh(self) -> str:
        return "%" if self.style == PERCENT else "倍"

    @property
    def unit(self) -> str:
        if self.style == PERCENT:
            return "%"
        return "倍" if _zh() else "×"
