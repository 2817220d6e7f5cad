"""Builders for monitoring tests: warnings through the real opening service, filings and rule
results as rows (the evaluation that produces them is tested elsewhere)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from finsup.monitoring.choices import WarningLevel, WarningSource
from finsup.monitoring.services import warning_open
from finsup.reporting.models import RuleResult, Submission

_keys = itertools.count(1)


def make_warning(institution, *, level=WarningLevel.WARNING, source=WarningSource.RULE_BREACH, title="", **extra):
    n = next(_keys)
    warning, _created = warning_open(
        institution=institution,
        key=f"test:{n}",
        source=source,
        level=level,
        title=title or f"测试预警{n}",
        **extra,
    )
    return warning


def make_filing(institution, *, period_end: datetime.date, by, report_code="MICROLOAN_MONTHLY", status="accepted"):
    fields = dict(
        institution=institution,
        report_code=report_code,
        report_version=1,
        period_start=period_end.replace(day=1),
        period_end=period_end,
        version=1,
        status=status,
        values={},
        channel="web",
        submitted_by=by,
        submitted_at=timezone.now(),
        status_changed_at=timezone.now(),
    )
    # Filings by county offices gave Submission its own `office` (the filer's office).
    if any(field.name == "office" for field in Submission._meta.fields):
        fields["office"] = institution.county
    return Submission.objects.create(**fields)


def make_result(submission, rule_id, value, threshold="0.7", *, passed=True, comparator=">=", current=True):
    return RuleResult.objects.create(
        submission=submission,
        rule_id=rule_id,
        rule_version="1",
        value=None if value is None else Decimal(value),
        threshold=threshold,
        comparator=comparator,
        passed=passed,
        severity="warning",
        evaluated_at=timezone.now(),
        current=current,
    )
