"""Evaluating accepted filings against the rules in force for their period, in batch.

Each result keeps the rule version that produced it; re-evaluation (after a rule change) marks
the old results as no longer current and stores new ones, so history is never rewritten.
Breaches open risk warnings (one per institution, rule and period); a sharp change of an
indicator against the previous period opens a notice. A rule in test is evaluated and its
results stored (with their stage) and shown, but it opens neither."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.audit.services import audit_batch
from finsup.core import clock, numbers
from finsup.monitoring.choices import LEVEL_ORDER, WarningLevel, WarningSource
from finsup.monitoring.services import breach_key, warnings_open
from finsup.rulebook import evaluate

from . import catalogue_access as cat
from .choices import COUNTED_STATUSES, RuleStage
from .figures import result_limit, result_value, rule_unit, threshold_text
from .filing_rows import filing_row
from .models import RuleResult, Submission
from .periods import Period
from .rating_facts import rating_facts
from .validation import json_to_stored

BATCH = 2000


def row_for(submission: Submission, *, ratings: dict | None = None, stakes: dict | None = None) -> dict:
    version = cat.catalogue()[submission.report_code].version(submission.report_version)
    return filing_row(
        row_key=submission.pk,
        institution=submission.institution,
        report_code=submission.report_code,
        period=Period(submission.period_start, submission.period_end),
        figures=json_to_stored(version, submission.values),
        ratings=ratings,
        stakes=stakes,
    )


def evaluate_submissions(submissions: Iterable[Submission], *, rulebook=None) -> int:
    """Evaluates the given filings (only accepted or confirmed ones count); returns results stored."""
    rulebook = rulebook or cat.rulebook()
    filings = [s for s in submissions if s.status in COUNTED_STATUSES and s.institution_id]
    stored = 0
    for start in range(0, len(filings), BATCH):
        chunk = filings[start : start + BATCH]
        from finsup.institutions.selectors import largest_holding_stakes

        ids = {s.institution_id for s in chunk}
        ratings, stakes = rating_facts().final_ratings(ids), largest_holding_stakes(ids)
        results = evaluate(rulebook, [row_for(s, ratings=ratings, stakes=stakes) for s in chunk])
        stored += _store(chunk, results, rulebook)
    return stored


@transaction.atomic
def _store(filings: list[Submission], results, rulebook) -> int:
    with audit_batch():
        return _store_results(filings, results, rulebook)


def _store_results(filings: list[Submission], results, rulebook) -> int:
    now = clock.now()
    by_pk = {s.pk: s for s in filings}
    stages = {rule.id: rule.stage for rule in rulebook}
    RuleResult.objects.filter(submission__in=filings, current=True).update(current=False)
    rows = [
        RuleResult(
            submission_id=r.row_key,
            rule_id=r.rule_id,
            rule_version=r.rule_version,
            value=r.value,
            threshold=threshold_text(r.threshold),
            comparator=r.comparator,
            passed=r.passed,
            severity=r.severity,
            stage=stages[r.rule_id],
            evaluated_at=now,
        )
        for r in results
    ]
    RuleResult.objects.bulk_create(rows, batch_size=1000)
    # A rule in test is evaluated and shown, nothing more: no warning, no notice.
    live = [r for r in results if stages[r.rule_id] != RuleStage.TEST]
    breaches = [_breach_warning(by_pk[r.row_key], r, rulebook) for r in live if r.passed is False]
    warnings_open(breaches + _sharp_changes(filings, live, rulebook))
    return len(rows)


def warning_level(severity: str) -> str:
    """The warning level of a rule's severity."""
    return severity if severity in LEVEL_ORDER else WarningLevel.WARNING


def _breach_warning(submission: Submission, result, rulebook) -> dict:
    """The warning a breached rule opens (`warnings_open`'s spec)."""
    description = rulebook.get(result.rule_id).description_zh
    citation = str(result.citation) if result.citation else ""
    return dict(
        institution=submission.institution,
        source=WarningSource.RULE_BREACH,
        level=warning_level(result.severity),
        key=breach_key(
            rule_id=result.rule_id,
            institution_id=submission.institution_id,
            report_code=submission.report_code,
            period_end=submission.period_end,
        ),
        title=_("%(rule)s breached in %(period)s") % {"rule": description[:120], "period": submission.period_end},
        # The rule is named by the title and kept (its id, and its version on the result) with the warning.
        detail=_("Value %(value)s, limit %(limit)s.") % {"value": result_value(result), "limit": result_limit(result)},
        rule_id=result.rule_id,
        citation=citation,
        submission=submission,
        report_code=submission.report_code,
        period_end=submission.period_end,
    )


def _sharp_changes(filings: list[Submission], results, rulebook) -> list[dict]:
    """An indicator that moved by more than FINSUP_SHARP_CHANGE (50 %) against the
    previous period's current result of the same rule opens a notice: their specs."""
    limit = Decimal(str(settings.FINSUP_SHARP_CHANGE))
    by_pk = {s.pk: s for s in filings}
    wanted = {(by_pk[r.row_key].institution_id, r.rule_id) for r in results if r.value is not None}
    if not wanted:
        return []
    previous, notices = {}, []
    earlier = (
        RuleResult.objects.filter(
            current=True,
            stage=RuleStage.ACTIVE,
            submission__institution_id__in={i for i, _ in wanted},
            value__isnull=False,
            submission__status__in=COUNTED_STATUSES,
        )
        .exclude(submission__in=filings)
        .values_list("submission__institution_id", "rule_id", "submission__period_end", "value")
    )
    for inst_id, rule_id, period_end, value in earlier:
        previous.setdefault((inst_id, rule_id), []).append((period_end, value))
    for r in results:
        filing = by_pk[r.row_key]
        history = [p for p in previous.get((filing.institution_id, r.rule_id), []) if p[0] < filing.period_end]
        if r.value is None or not history:
            continue
        before = max(history)[1]  # (period_end, value) of the latest earlier period
        if before == 0 or abs(r.value - before) / abs(before) <= limit:
            continue
        notices.append(
            dict(
                institution=filing.institution,
                source=WarningSource.SHARP_CHANGE,
                level=WarningLevel.INFO,
                key=f"{WarningSource.SHARP_CHANGE}:{r.rule_id}:{filing.institution_id}:{filing.report_code}:"
                f"{filing.period_end}",
                title=_("Sharp change of %(rule)s in %(period)s")
                % {"rule": rulebook.get(r.rule_id).description_zh.rstrip("。")[:120], "period": filing.period_end},
                detail=_("From %(before)s to %(after)s against the previous period.")
                % {
                    "before": numbers.shown(before, rule_unit(r.rule_id), exact=True),
                    "after": numbers.shown(r.value, rule_unit(r.rule_id), exact=True),
                },
                rule_id=r.rule_id,
                submission=filing,
                report_code=filing.report_code,
                period_end=filing.period_end,
            )
        )
    return notices


def reevaluate(*, report_code: str | None = None, institution_ids=None, since: datetime.date | None = None) -> int:
    """Re-evaluates every counted filing (after a rule change): `finsup rules evaluate`."""
    qs = Submission.objects.filter(status__in=COUNTED_STATUSES, institution__isnull=False).select_related("institution")
    if report_code:
        qs = qs.filter(report_code=report_code)
    if institution_ids:
        qs = qs.filter(institution_id__in=institution_ids)
    if since:
        qs = qs.filter(period_end__gte=since)
    total = 0
    filings = list(qs.order_by("period_end", "pk"))
    for start in range(0, len(filings), BATCH):
        total += evaluate_submissions(filings[start : start + BATCH])
    return total
