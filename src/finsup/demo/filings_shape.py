"""Giving the demo history its dates.

The services stamp every filing, event and warning with the clock (`timezone.now()`), which
would put two years of history on one afternoon. The loader moves those stamps to the planned
times with bulk UPDATEs of the reporting and monitoring rows, the guards of filed versions and of
the event tables lifted for this transaction only (reporting/guards.py, core/append_only_guard.py).
The services write those events with the clock, so they cannot be written with the planned time
to begin with without a clock of their own. This is demo data shaping, done only here: the
audit trail is append-only and keeps the real time of the load (its entries say
"command:demo load as <user>")."""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from finsup.core import append_only_guard
from finsup.monitoring.choices import WarningSource, WarningStatus
from finsup.monitoring.models import RiskWarning, WarningEvent
from finsup.reporting import catalogue_access as cat
from finsup.reporting import guards as filing_guards
from finsup.reporting.choices import SubmissionAction as A
from finsup.reporting.models import RuleResult, Submission, SubmissionEvent

from .filings_plan import FilingsPlan
from .filings_timeline import LOCAL, later, workday

BATCH = 100


@transaction.atomic
def shape_filings(plan: FilingsPlan, saved) -> None:
    times = _event_times(plan, saved)
    latest: dict[int, datetime.datetime] = {}
    for (pk, _), moment in times.items():
        latest[pk] = max(latest.get(pk, moment), moment)
    rows = {}
    for filing in plan.filings:
        entry = saved[filing.key]
        for submission, submitted in ((entry.first, filing.submitted_at), (entry.current, filing.corrected_at)):
            if submitted is not None:
                submission.submitted_at, submission.status_changed_at = submitted, latest[submission.pk]
                rows[submission.pk] = submission
    with filing_guards.lifted(connection):
        Submission.objects.bulk_update(list(rows.values()), ["submitted_at", "status_changed_at"], batch_size=BATCH)
    events = list(SubmissionEvent.objects.only("id", "submission_id", "action"))
    for event in events:
        event.at = times[(event.submission_id, event.action)]
    with append_only_guard.lifted(connection, SubmissionEvent._meta.db_table):
        SubmissionEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    accepted = SubmissionEvent.objects.filter(submission=OuterRef("submission"), action=A.ACCEPT).values("at")[:1]
    RuleResult.objects.update(evaluated_at=Subquery(accepted))


def _event_times(plan: FilingsPlan, saved) -> dict[tuple[int, str], datetime.datetime]:
    """(submission id, action) → when it happened, for every event the services recorded."""
    times = {}
    for f in plan.filings:
        first, current = saved[f.key].first, saved[f.key].current
        times[(first.pk, A.SUBMIT)] = f.submitted_at
        if f.returned_at:
            times[(first.pk, A.RETURN)] = f.returned_at
        if f.corrected_at:
            times[(first.pk, A.CORRECT)] = f.corrected_at  # the first version superseded
            times[(current.pk, A.CORRECT)] = f.corrected_at  # the correction filed
        if f.accepted_at:
            times[(current.pk, A.ACCEPT)] = f.accepted_at
        if f.confirmed_at:
            times[(current.pk, A.CONFIRM)] = f.confirmed_at
    return times


@transaction.atomic
def shape_warnings(plan: FilingsPlan, saved) -> None:
    """Breach warnings open when the county accepted the filing, late-filing warnings when it was
    filed, missing-filing warnings the morning after the deadline; handling steps follow."""
    accepted, submitted = {}, {}
    for f in plan.filings:
        accepted[saved[f.key].current.pk] = f.accepted_at
        submitted[saved[f.key].first.pk] = f.submitted_at
    warnings = list(RiskWarning.objects.all())
    for w in warnings:
        if w.source == WarningSource.LATE_FILING:
            w.opened_at = submitted[w.submission_id]
        elif w.source == WarningSource.MISSING_FILING:
            due = w.period_end + datetime.timedelta(days=cat.catalogue()[w.report_code].deadline_days)
            day = workday(due + datetime.timedelta(days=1))
            w.opened_at = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=LOCAL)
        else:
            w.opened_at = accepted[w.submission_id] + datetime.timedelta(minutes=1)
    by_pk = {w.pk: w for w in warnings}
    events = list(WarningEvent.objects.order_by("warning_id", "at", "pk"))
    for event in events:
        warning = by_pk[event.warning_id]
        if event.from_status == "":
            event.at = moment = warning.opened_at
        else:
            rng = random.Random(f"{plan.seed}:{warning.key}:{event.to_status}")
            gap = (7, 40) if event.to_status == WarningStatus.CLOSED else (2, 8)
            event.at = moment = later(moment, rng, *gap, plan.as_of) or moment + datetime.timedelta(hours=2)
            if event.to_status == WarningStatus.CLOSED:
                warning.closed_at = event.at
    with append_only_guard.lifted(connection, WarningEvent._meta.db_table):
        WarningEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    RiskWarning.objects.bulk_update(warnings, ["opened_at", "closed_at"], batch_size=BATCH)
