"""Filing many reports at once (bulk uploads, the demo data set, benchmarks) through the same
validation as one filing, in batch: identity checks run once per report version over all its
filings in DuckDB; continuity reads the previous periods in one query (or from earlier filings
of the same batch). Corrections are not batched: a period already filed is an error here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, can
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_batch, audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.monitoring.services import warnings_open
from finsup.rulebook import check_continuity, evaluate_checks

from . import catalogue_access as cat
from .choices import SubmissionAction, SubmissionStatus
from .errors import Code
from .models import Submission, SubmissionEvent
from .periods import Period, previous_period
from .services import FILING_STATUSES, late_filing_warning
from .validation import Draft, FieldError, check_blocking_rules, json_to_stored, parse_figures, stored_to_json


@dataclass
class FilingRequest:
    by: Any
    institution: Any
    report_code: str
    period: Period
    raw: dict
    channel: str = "api"
    # Filled in by the batch:
    version: Any = None
    figures: dict = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    submission: Submission | None = None


def submissions_file_batch(requests: list[FilingRequest]) -> list[FilingRequest]:
    """Validates every request, stores the valid ones (each audited), records each rejected
    attempt in the audit trail; returns the requests with `submission` or `errors` set."""
    with audit_batch():
        return _file_batch(requests)


def _file_batch(requests: list[FilingRequest]) -> list[FilingRequest]:
    today = clock.today()
    for req in requests:
        _prepare(req, today)
    _check_identities([r for r in requests if not r.errors])
    _check_blocking_rules([r for r in requests if not r.errors])
    _check_continuity(sorted((r for r in requests if not r.errors), key=lambda r: r.period.end))
    _store([r for r in requests if not r.errors])
    for req in requests:
        if req.errors:
            audit_record(
                action=AuditAction.REJECTED,
                obj=req.institution,
                object_type="reporting.submission",
                object_id="",
                object_repr=f"{req.report_code} {req.period.label}",
                changes={"channel": req.channel, "errors": [str(e) for e in req.errors][:50]},
            )
    return requests


def _prepare(req: FilingRequest, today) -> None:
    try:
        if not can(req.by, Action.FILING_SUBMIT) or req.by.institution_id != req.institution.pk:
            raise ApplicationError(
                _("Only the institution’s own users file its reports."), code=Code.FILE_FOR_OWN_INSTITUTION
            )
        if req.institution.status not in FILING_STATUSES or req.period.end > today:
            raise ApplicationError(_("This institution cannot file this period."), code=Code.PERIOD_NOT_FILED)
        report = cat.report_for(req.report_code, kind=req.institution.kind)
        cat.check_period(report, req.period)
        req.version = cat.version_for(report, req.period)
    except ApplicationError as exc:
        req.errors.append(FieldError(exc.field, exc.message))
        return
    req.figures, errors = parse_figures(req.version, req.raw)
    req.errors.extend(errors)


def _check_identities(requests: list[FilingRequest]) -> None:
    groups: dict[Any, list[FilingRequest]] = defaultdict(list)
    for req in requests:
        groups[req.version].append(req)
    for version, members in groups.items():
        failures = evaluate_checks(version, [{**r.figures, "row_key": i} for i, r in enumerate(members)])
        for failure in failures:
            members[failure.row_key].errors.append(FieldError(None, failure.message_zh))


def _check_blocking_rules(requests: list[FilingRequest]) -> None:
    drafts = [Draft(i, r.institution, r.report_code, r.period, r.figures) for i, r in enumerate(requests)]
    for i, errors in check_blocking_rules(drafts, rulebook=cat.rulebook()).items():
        requests[i].errors.extend(errors)


def _check_continuity(requests: list[FilingRequest]) -> None:
    """Oldest period first, so a filing can continue one filed earlier in the same batch."""
    keys = {
        (r.institution.pk, r.report_code, previous_period(r.period, cat.catalogue()[r.report_code].frequency).end)
        for r in requests
    }
    stored = {}
    if keys:
        rows = Submission.objects.filter(
            institution_id__in={k[0] for k in keys},
            report_code__in={k[1] for k in keys},
            period_end__in={k[2] for k in keys},
        ).exclude(status__in=[SubmissionStatus.SUPERSEDED, SubmissionStatus.RETURNED])
        for s in rows:
            version = cat.catalogue()[s.report_code].version(s.report_version)
            stored[(s.institution_id, s.report_code, s.period_end)] = json_to_stored(version, s.values)
    for req in requests:
        before = previous_period(req.period, cat.catalogue()[req.report_code].frequency).end
        previous = stored.get((req.institution.pk, req.report_code, before))
        for failure in check_continuity(req.version, req.figures, previous):
            req.errors.append(FieldError(None, failure.message_zh))
        if not req.errors:
            stored[(req.institution.pk, req.report_code, req.period.end)] = req.figures


@transaction.atomic
def _store(requests: list[FilingRequest]) -> None:
    if not requests:
        return
    taken = set(
        Submission.objects.filter(
            institution_id__in={r.institution.pk for r in requests}, report_code__in={r.report_code for r in requests}
        )
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .values_list("institution_id", "report_code", "period_end")
    )
    now = clock.now()
    fresh = []
    for req in requests:
        key = (req.institution.pk, req.report_code, req.period.end)
        if key in taken:
            req.errors.append(FieldError(None, _("This period was already filed; file corrections one at a time.")))
            continue
        taken.add(key)
        req.submission = Submission(
            institution=req.institution,
            office=req.institution.county,  # the object: its path is what each audit entry records
            report_code=req.report_code,
            report_version=req.version.version,
            period_start=req.period.start,
            period_end=req.period.end,
            version=1,
            status=SubmissionStatus.SUBMITTED,
            values=stored_to_json(req.figures),
            channel=req.channel,
            submitted_by=req.by,
            submitted_at=now,
            status_changed_at=now,
        )
        fresh.append(req)
    Submission.objects.bulk_create([r.submission for r in fresh], batch_size=1000)
    SubmissionEvent.objects.bulk_create(
        [
            SubmissionEvent(
                submission=r.submission,
                action=SubmissionAction.SUBMIT,
                from_status="",
                to_status=SubmissionStatus.SUBMITTED,
                by=r.by,
                at=now,
            )
            for r in fresh
        ],
        batch_size=1000,
    )
    for req in fresh:
        audit_record(
            action=AuditAction.CREATE,
            obj=req.submission,
            changes={"version": [None, 1], "channel": [None, req.channel], "values": [None, req.submission.values]},
        )
    warnings_open([spec for spec in map(late_filing_warning, (r.submission for r in fresh)) if spec is not None])
