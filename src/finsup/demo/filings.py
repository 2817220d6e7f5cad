"""Saving the demo filings through the reporting services, as the people who would have done it:
each institution's user files its reports (one batch per institution), the county returns a few
and accepts the rest (which evaluates them and opens the breach warnings), the institution files
its corrections, the city confirms what the counties accepted weeks ago. Then the history gets
its dates (`filings_shape`), late filings their warnings and missing ones theirs (`remind_missing`)."""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from finsup.accounts.choices import Role
from finsup.accounts.models import User
from finsup.core import clock
from finsup.institutions.models import Institution
from finsup.monitoring.models import RiskWarning
from finsup.reporting import batch, services, workflow
from finsup.reporting.batch import FilingRequest, submissions_file_batch
from finsup.reporting.models import Submission
from finsup.reporting.reminders import remind_missing

from .filings_money import entered
from .filings_plan import FilingsPlan, build_filings
from .filings_review import accept_all, as_user, confirm_all, handle_old_warnings
from .filings_shape import shape_filings, shape_warnings
from .plan import DemoPlan


class DemoFilingError(RuntimeError):
    """A generated filing the services refused: a bug of the generator, never of the user."""


@dataclass
class Saved:
    """The stored versions of one planned filing: the first, and the correction if any."""

    first: Submission
    current: Submission


def demo_filings_plan(registry: DemoPlan, *, as_of: datetime.date) -> FilingsPlan:
    return build_filings(registry, as_of=as_of)


def filings_load(*, registry: DemoPlan, as_of: datetime.date) -> dict[str, int]:
    """Files, reviews and dates every planned filing; returns counts for the load summary."""
    plan = demo_filings_plan(registry, as_of=as_of)
    institutions = {i.credit_code: i for i in Institution.objects.select_related("county", "lead_supervisor")}
    filers = {u.institution_id: u for u in User.objects.filter(role=Role.INSTITUTION).select_related("institution")}
    staff = {u.username: u for u in User.objects.filter(institution__isnull=True).select_related("office")}
    saved = _file(plan, institutions, filers)
    _return_and_correct(plan, saved, institutions, filers, staff)
    accept_all(plan, saved, staff)
    confirm_all(plan, saved, staff)
    shape_filings(plan, saved)
    for filing in plan.filings:
        if filing.late:
            with clock.at(filing.submitted_at):  # now that submitted_at is the planned time
                services._warn_if_late(saved[filing.key].first)
    remind_missing(as_of=plan.as_of)
    shape_warnings(plan, saved)
    handle_old_warnings(plan, staff)
    return _counts(plan)


@contextlib.contextmanager
def _lateness_judged_later():
    """The batch stamps each filing with the clock and warns when that is past the deadline: on a
    back-dated history every filing would look late. Lateness is judged once the planned filing
    times are in place (`services._warn_if_late`, the same judgement), so the batch's is switched
    off while the demo files. Demo data shaping only: nothing else does this."""
    original = batch.late_filing_warning
    batch.late_filing_warning = lambda submission: None
    try:
        yield
    finally:
        batch.late_filing_warning = original


def _file(plan: FilingsPlan, institutions, filers) -> dict[tuple, Saved]:
    """One batch per county: each request is filed by its institution's own user (the batch checks
    that), and the identity checks run once per report version for the whole county. The audit
    entries of these batches name the loader as the actor; each filing names its filer."""
    by_county = defaultdict(list)
    for filing in plan.filings:
        by_county[filing.county_code].append(filing)
    saved = {}
    with _lateness_judged_later():
        for _county, filings in sorted(by_county.items()):
            requests = [
                FilingRequest(
                    by=filers[institutions[f.credit_code].pk],
                    institution=institutions[f.credit_code],
                    report_code=f.report_code,
                    period=f.period,
                    raw=entered(f.first_figures or f.figures),
                    channel=f.channel,
                )
                for f in filings
            ]
            submissions_file_batch(requests)
            for f, req in zip(filings, requests, strict=True):
                if req.errors or req.submission is None:
                    raise DemoFilingError(f"{req.institution.name} {f.report_code} {f.period.label}: {req.errors}")
                saved[f.key] = Saved(first=req.submission, current=req.submission)
    return saved


def _return_and_correct(plan: FilingsPlan, saved, institutions, filers, staff) -> None:
    for filing in plan.filings:
        entry = saved.get(filing.key)
        if filing.returned_at:
            reviewer = staff[filing.lead_supervisor]
            with as_user(reviewer):
                workflow.submission_return(submission=entry.first, by=reviewer, reason=filing.return_reason)
        if filing.corrected_at:
            inst = institutions[filing.credit_code]
            user = filers[inst.pk]
            with as_user(user):
                entry.current = services.submission_file(
                    by=user,
                    institution=inst,
                    report_code=filing.report_code,
                    period=filing.period,
                    raw=entered(filing.figures),
                    channel=filing.channel,
                    correction_reason=filing.correction_reason,
                )


def _counts(plan: FilingsPlan) -> dict[str, int]:
    statuses = Counter(Submission.objects.values_list("status", flat=True))
    sources = Counter(RiskWarning.objects.values_list("source", flat=True))
    counts = {
        "filings": sum(n for s, n in statuses.items() if s != "superseded"),
        "filing_versions": sum(statuses.values()),
    }
    counts.update({f"filings_{status}": n for status, n in sorted(statuses.items())})
    counts.update({f"warnings_{source}": n for source, n in sorted(sources.items())})
    counts["filings_late"] = sum(1 for f in plan.filings if f.late)
    counts["filings_missing"] = len(plan.missing)
    return counts
