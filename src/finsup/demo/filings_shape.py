"""Giving the demo history its dates, where the services are called in batches.

The filing and accept batches stamp a whole county's filings with one moment of the clock
(`finsup.core.clock`), which would put two years of history on one afternoon; filing each one
under `clock.at(...)` of its own would cost one batch per filing. So the loader moves those
stamps to the planned times with bulk UPDATEs of the reporting rows and of the breach and
missing-filing warnings' openings, the guards of filed versions and of the event tables lifted for
this transaction only (reporting/guards.py, core/append_only_guard.py). The steps taken one at a
time (late-filing warnings, warning handling, outreach, cases) are written under `clock.at(...)`
and need no shaping. This is demo data shaping, done only here: the audit trail is append-only
and keeps the real time of the load (its entries say "command:demo load as <user>")."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from finsup.core import append_only_guard
from finsup.monitoring.choices import WarningSource
from finsup.monitoring.models import RiskWarning, WarningEvent
from finsup.reporting import catalogue_access as cat
from finsup.reporting import guards as filing_guards
from finsup.reporting.choices import SubmissionAction as A
from finsup.reporting.models import RuleResult, Submission, SubmissionEvent

from .filings_plan import FilingsPlan
from .filings_timeline import LOCAL, workday

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
    """Breach warnings open when the county accepted the filing (the accept batch evaluated them
    at the loading minute), missing-filing warnings the morning after the deadline. Late-filing
    warnings are opened at their filing time already, and the handling steps that follow are
    taken at their own moments (`filings_review.handle_old_warnings`)."""
    accepted = {saved[f.key].current.pk: f.accepted_at for f in plan.filings}
    warnings = list(RiskWarning.objects.exclude(source=WarningSource.LATE_FILING))
    for w in warnings:
        if w.source == WarningSource.MISSING_FILING:
            due = w.period_end + datetime.timedelta(days=cat.catalogue()[w.report_code].deadline_days)
            day = workday(due + datetime.timedelta(days=1))
            w.opened_at = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=LOCAL)
        else:
            w.opened_at = accepted[w.submission_id] + datetime.timedelta(minutes=1)
    by_pk = {w.pk: w for w in warnings}
    events = list(WarningEvent.objects.filter(from_status="", warning__in=warnings))
    for event in events:
        event.at = by_pk[event.warning_id].opened_at
    with append_only_guard.lifted(connection, WarningEvent._meta.db_table):
        WarningEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    RiskWarning.objects.bulk_update(warnings, ["opened_at"], batch_size=BATCH)
