"""Which filings are owed, by whom, for which periods, and which are late or missing. Derived
from dates every time (never a stored flag a job must flip).

The calendar of what is owed (each kind's reports and their periods since the start of
tracking) is small and built here from the catalogue; it is joined with the institutions and
their filings in the database, so a page asking what is missing reads the answer, not the
filings: its cost does not grow with the years of history held."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from finsup.core import clock
from finsup.institutions.selectors import institution_scope

from . import catalogue_access as cat
from .choices import SubmissionStatus
from .models import Submission
from .periods import Period, deadline, periods_between

if TYPE_CHECKING:
    from finsup.institutions.models import Institution

MISSING, LATE, ON_TIME, NOT_DUE = "missing", "late", "on_time", "not_due"
STATES = (MISSING, LATE, ON_TIME, NOT_DUE)
FILING_STATUSES = ["operating", "suspended", "exiting"]


@dataclass(frozen=True)
class Obligation:
    institution: Institution
    report_code: str
    report_name: str
    period: Period
    due: datetime.date
    filing_id: int | None  # the current (not superseded) version, if any
    state: str
    filed_on: datetime.date | None = None  # when the first version came in (decides lateness)

    @property
    def days_overdue(self) -> int:
        end = self.filed_on or clock.today()
        return max((end - self.due).days, 0)

    @property
    def filing_url(self) -> str:
        return reverse("reporting:detail", args=[self.filing_id]) if self.filing_id else ""


@dataclass(frozen=True)
class _Owed:
    """One row of the calendar: a report of a kind owed for a period."""

    kind: str
    report_code: str
    report_name: str
    period: Period
    due: datetime.date

    @property
    def late_from(self) -> datetime.datetime:
        """A first filing at or after this moment came in after the deadline day (local time)."""
        day_after = self.due + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))


def reporting_start(as_of: datetime.date) -> datetime.date:
    """Obligations are tracked from FINSUP_REPORTING_START (None: the start of last year)."""
    return settings.FINSUP_REPORTING_START or datetime.date(as_of.year - 1, 1, 1)


def _calendar(as_of: datetime.date, kinds=None) -> list[_Owed]:
    """Every report of the kinds (None: all) and each of its periods ended by `as_of` since the
    start of tracking whose rules were in force: a few hundred rows, from the catalogue alone."""
    start = reporting_start(as_of)
    out = []
    for report in cat.catalogue().reports.values():
        if kinds is not None and report.kind not in kinds:
            continue
        for period in periods_between(start, as_of, report.frequency):
            if report.version_for(period.end) is None:
                continue
            due = deadline(period, report.deadline_days)
            out.append(_Owed(report.kind, report.code, report.name_zh, period, due))
    return out


def _judged_sql(scope: QuerySet, owed: list[_Owed], as_of: datetime.date) -> tuple[str, list]:
    """One statement's common part: the calendar (a VALUES list) joined with the institutions of
    `scope` that still file and were approved before each period began, each key's filing facts
    looked up through the filings' (institution, report, period) index, and its state. Ends with
    the CTE `judged` (n: the calendar's index, institution_id, filing_id, first_at, state)."""
    ops = connection.ops
    values, params = [], []
    for n, row in enumerate(owed):
        values.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [
            n,
            row.kind,
            row.report_code,
            ops.adapt_datefield_value(row.period.start),
            ops.adapt_datefield_value(row.period.end),
            ops.adapt_datefield_value(row.due),
            ops.adapt_datetimefield_value(row.late_from),
        ]
    filing = scope.filter(status__in=FILING_STATUSES).values("id", "kind", "approved_on")
    scope_sql, scope_params = filing.query.sql_with_params()
    sub = Submission._meta.db_table
    same_key = "s.institution_id = i.id AND s.report_code = cal.report_code AND s.period_end = cal.period_end"
    sql = (
        f"WITH cal(n, kind, report_code, period_start, period_end, due, late_from) AS (VALUES {', '.join(values)}),"
        " facts AS (SELECT cal.n, cal.due, cal.late_from, i.id AS institution_id,"
        f" (SELECT MAX(s.id) FROM {sub} s WHERE {same_key} AND s.status <> %s) AS filing_id,"
        f" (SELECT MIN(s.submitted_at) FROM {sub} s WHERE {same_key}) AS first_at"
        f" FROM ({scope_sql}) i JOIN cal ON cal.kind = i.kind AND cal.period_start >= i.approved_on),"
        " judged AS (SELECT facts.*, CASE"
        f" WHEN filing_id IS NULL AND due < %s THEN '{MISSING}'"
        f" WHEN filing_id IS NULL THEN '{NOT_DUE}'"
        f" WHEN first_at >= late_from THEN '{LATE}'"
        f" ELSE '{ON_TIME}' END AS state FROM facts)"
    )
    params += [SubmissionStatus.SUPERSEDED, *scope_params, ops.adapt_datefield_value(as_of)]
    return sql, params


def _in(states) -> str:
    return ", ".join(f"'{s}'" for s in states if s in STATES)


def _scope_of(institutions) -> tuple[QuerySet | None, dict[int, Institution]]:
    """A queryset for the SQL and the institutions already in hand (a list passed in)."""
    if isinstance(institutions, QuerySet):
        return institutions, {}
    given = {i.pk: i for i in institutions}
    if not given:
        return None, {}
    model = type(next(iter(given.values())))
    return model._default_manager.filter(pk__in=list(given)), given


def _judged(institutions, as_of: datetime.date | None):
    """The judgement's statement for the institutions (a list, or a queryset), with its calendar, the
    scope it reads and the institutions already in hand; None when nothing can be owed."""
    as_of = as_of or clock.today()
    scope, given = _scope_of(institutions)
    if scope is None:
        return None
    owed = _calendar(as_of, {i.kind for i in given.values()} if given else None)
    if not owed:
        return None
    sql, params = _judged_sql(scope, owed, as_of)
    return sql, params, owed, scope, given


def obligations(
    *, institutions, as_of: datetime.date | None = None, states=STATES, related=("county", "lead_supervisor")
) -> list[Obligation]:
    """What the institutions (a list, or a queryset) owe since the start of tracking, in the states
    asked for. Two queries, whatever the history: the judgement, then the institutions it names
    (with `related`; none when a list was passed in)."""
    judged = _judged(institutions, as_of) if _in(states) else None
    if judged is None:
        return []
    sql, params, owed, scope, given = judged
    # In the order the institutions' duties were always listed: by institution, then the calendar's
    # order (the catalogue's reports, each oldest period first).
    sql += (
        " SELECT n, institution_id, filing_id, first_at, state FROM judged"
        f" WHERE state IN ({_in(states)}) ORDER BY institution_id, n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    missing_ids = {r[1] for r in rows} - set(given)
    if missing_ids:  # a queryset passed in: those it names, with what it selects and prefetches
        given.update({i.pk: i for i in scope.select_related(*related).filter(pk__in=missing_ids)})
    return [
        Obligation(
            given[institution_id],
            owed[n].report_code,
            owed[n].report_name,
            owed[n].period,
            owed[n].due,
            filing_id,
            state,
            _local_date(first_at),
        )
        for n, institution_id, filing_id, first_at, state in rows
    ]


def state_counts(*, institutions, as_of: datetime.date | None = None) -> dict[str, int]:
    """How many obligations of the institutions are in each state: one query, no rows loaded."""
    counts = dict.fromkeys(STATES, 0)
    judged = _judged(institutions, as_of)
    if judged is not None:
        sql, params = judged[:2]
        with connection.cursor() as cursor:
            cursor.execute(sql + " SELECT state, COUNT(*) FROM judged GROUP BY state", params)
            counts.update(dict(cursor.fetchall()))
    return counts


def _local_date(value) -> datetime.date | None:
    """The local day of a timestamp as the database returned it (SQLite: UTC text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localdate(value)


def reports_to_file(*, institution, as_of: datetime.date | None = None) -> list[Obligation]:
    """The institution's reports missing past their deadline, then those due now (period ended,
    deadline not yet passed): what it still has to file."""
    duties = obligations(institutions=[institution], as_of=as_of, states=(MISSING, NOT_DUE))
    return sorted(duties, key=lambda d: (d.state != MISSING, d.due))


def overdue(*, actor, as_of: datetime.date | None = None) -> list[Obligation]:
    """Missing and late filings in the actor's jurisdiction, most overdue first."""
    rows = obligations(institutions=institution_scope(actor=actor), as_of=as_of, states=(MISSING, LATE))
    return sorted(rows, key=lambda o: (o.state != MISSING, -o.days_overdue, o.institution.name))


def missing_count(*, actor, as_of: datetime.date | None = None) -> int:
    """How many filings are missing past their deadline in the actor's jurisdiction (one query)."""
    return state_counts(institutions=institution_scope(actor=actor), as_of=as_of)[MISSING]
