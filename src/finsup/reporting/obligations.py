"""Which filings are owed, by whom, for which periods, and which are late or missing. Derived
from dates every time (never a stored flag a job must flip)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from finsup.core import clock
from finsup.institutions.selectors import institution_scope

from . import catalogue_access as cat
from .choices import SubmissionStatus
from .models import Submission
from .periods import Period, deadline, periods_between

if TYPE_CHECKING:
    from finsup.institutions.models import Institution

MISSING, LATE, ON_TIME, NOT_DUE = "missing", "late", "on_time", "not_due"
FILING_STATUSES = ["operating", "suspended", "exiting"]


@dataclass(frozen=True)
class Obligation:
    institution: Institution
    report_code: str
    report_name: str
    period: Period
    due: datetime.date
    filing: Submission | None
    state: str
    filed_on: datetime.date | None = None  # when the first version came in (decides lateness)

    @property
    def days_overdue(self) -> int:
        end = self.filed_on or clock.today()
        return max((end - self.due).days, 0)


def reporting_start(as_of: datetime.date) -> datetime.date:
    """Obligations are tracked from FINSUP_REPORTING_START (None: the start of last year)."""
    return settings.FINSUP_REPORTING_START or datetime.date(as_of.year - 1, 1, 1)


def obligations(*, institutions, as_of: datetime.date | None = None) -> list[Obligation]:
    as_of = as_of or clock.today()
    start = reporting_start(as_of)
    institutions = list(institutions)
    filings = {
        (s.institution_id, s.report_code, s.period_end): s
        for s in Submission.objects.filter(institution__in=institutions, period_end__gte=start)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .only("id", "institution_id", "report_code", "period_end", "submitted_at", "status", "version")
    }
    # The first version's filing date decides lateness, not a later correction's.
    first_filed = {
        (i, r, p): timezone.localdate(at)
        for i, r, p, at in Submission.objects.filter(
            institution__in=institutions, period_end__gte=start, version=1
        ).values_list("institution_id", "report_code", "period_end", "submitted_at")
    }
    out = []
    for inst in institutions:
        if inst.status not in FILING_STATUSES:
            continue
        for report in cat.catalogue().for_kind(inst.kind):
            first = max(start, inst.approved_on)
            for period in periods_between(first, as_of, report.frequency):
                if report.version_for(period.end) is None or period.start < inst.approved_on:
                    continue
                due = deadline(period, report.deadline_days)
                key = (inst.pk, report.code, period.end)
                filing, filed_on = filings.get(key), first_filed.get(key)
                state = _state(filing, filed_on, due, as_of)
                out.append(Obligation(inst, report.code, report.name_zh, period, due, filing, state, filed_on))
    return out


def _state(filing, filed_on, due, as_of) -> str:
    if filing is None:
        return MISSING if as_of > due else NOT_DUE
    return LATE if (filed_on or timezone.localdate(filing.submitted_at)) > due else ON_TIME


def reports_to_file(*, institution, as_of: datetime.date | None = None) -> list[Obligation]:
    """The institution's reports missing past their deadline, then those due now (period ended,
    deadline not yet passed): what it still has to file."""
    duties = [d for d in obligations(institutions=[institution], as_of=as_of) if d.state in (MISSING, NOT_DUE)]
    return sorted(duties, key=lambda d: (d.state != MISSING, d.due))


def overdue(*, actor, as_of: datetime.date | None = None) -> list[Obligation]:
    """Missing and late filings in the actor's jurisdiction, most overdue first."""
    institutions = institution_scope(actor=actor).select_related("county", "lead_supervisor")
    rows = [o for o in obligations(institutions=institutions, as_of=as_of) if o.state in (MISSING, LATE)]
    return sorted(rows, key=lambda o: (o.state != MISSING, -o.days_overdue, o.institution.name))
