"""Carry-over: the web form opens a period with the balances the last period closed with. The
catalogue's continuity links are the pairs (this period's opening field, last period's closing
field, e.g. 期初在保余额 ← 上季末在保余额); the values come from the previous period's filing once
the county office accepted it (accepted or confirmed). They are only the form's starting values:
the clerk may change them, and the continuity check still compares what is filed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import catalogue_access as cat
from .choices import COUNTED_STATUSES
from .models import Submission
from .periods import Period, previous_period
from .validation import entered_text, entered_values, field_label

if TYPE_CHECKING:
    from finsup.catalogue import ReportDefinition, ReportVersion
    from finsup.institutions.models import Institution


@dataclass(frozen=True)
class Carried:
    """One opening figure taken from the last period's close, in this field's unit of entry."""

    value: Decimal
    shown: str  # the value with its unit, as the clerk reads it (110,000.00 万元)
    source: str  # the closing field's name in the last period
    period: str  # the last period's label


def carried_over(
    *, institution: Institution, report: ReportDefinition, version: ReportVersion, period: Period
) -> dict[str, Carried]:
    """Field id → the figure carried into it; empty when the report has no opening/closing pair or
    the previous period has no accepted filing."""
    if not version.continuity:
        return {}
    before = previous_period(period, report.frequency)
    filing = Submission.objects.filter(
        institution=institution, report_code=report.code, period_end=before.end, status__in=COUNTED_STATUSES
    ).first()
    if filing is None:
        return {}
    closed = cat.catalogue()[report.code].version(filing.report_version)
    out = {}
    for link in version.continuity:
        stored = filing.values.get(link.previous)
        if stored is None or link.previous not in closed.field_ids:
            continue
        field = version.field(link.field)
        out[link.field] = Carried(
            value=entered_values(version, {link.field: stored})[link.field],
            shown=entered_text(field, Decimal(stored)),
            source=field_label(closed.field(link.previous)),
            period=before.label,
        )
    return out
