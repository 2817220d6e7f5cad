"""Filing a periodic report, from any channel. Validation is complete before anything is written;
a rejected filing leaves only its attempt in the audit trail. A correction is a new version."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.institutions.choices import InstitutionStatus
from finsup.institutions.selectors import institution_lock

from . import catalogue_access as cat
from .choices import SubmissionStatus
from .drafts import draft_discard, draft_lock
from .errors import Code
from .models import Submission
from .periods import Period, deadline, previous_period
from .validation import (
    Draft,
    FieldError,
    check_blocking_rules,
    check_figures,
    json_to_stored,
    parse_figures,
    stored_to_json,
)
from .versions import version_add

FILING_STATUSES = [InstitutionStatus.OPERATING, InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING]

if TYPE_CHECKING:
    from finsup.institutions.models import Institution


class FilingRejected(ApplicationError):
    """The filing's figures were refused (every field error in `errors`): 422, as for a request
    body that does not match the schema."""

    code = "filing_rejected"
    http_status = 422


def current_filing(*, institution: Institution, report_code: str, period_end: datetime.date) -> Submission | None:
    return (
        Submission.objects.filter(institution=institution, report_code=report_code, period_end=period_end)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .first()
    )


def previous_figures(*, institution: Institution, report, period: Period) -> dict | None:
    """The figures of the previous period's current filing (returned filings do not count)."""
    before = previous_period(period, report.frequency)
    filing = current_filing(institution=institution, report_code=report.code, period_end=before.end)
    if filing is None or filing.status == SubmissionStatus.RETURNED:
        return None
    return json_to_stored(cat.catalogue()[report.code].version(filing.report_version), filing.values)


def validate_filing(
    *, institution: Institution, report_code: str, period: Period, raw: Mapping, location_of: Mapping | None = None
):
    """(version, figures, errors): every problem at once, in one pass, nothing written. The figures
    that could not be read are left out of the identities and rules (which then cannot be decided
    and are not errors), so that a type error and a sum error elsewhere are both reported."""
    report = cat.report_for(report_code, kind=institution.kind)
    cat.check_period(report, period)
    version = cat.version_for(report, period)
    figures, errors = parse_figures(version, raw)
    previous = previous_figures(institution=institution, report=report, period=period)
    errors += check_figures(version, figures, previous, location_of=location_of)
    draft = Draft(key=0, institution=institution, report_code=report_code, period=period, figures=figures)
    errors += check_blocking_rules([draft], rulebook=cat.rulebook()).get(0, [])
    return version, figures, errors


def submission_file(
    *,
    by,
    institution: Institution,
    report_code: str,
    period: Period,
    raw: Mapping,
    channel: str,
    correction_reason: str = "",
    location_of=None,
) -> Submission:
    """Files (or corrects) a report. Raises FilingRejected with every error; `location_of` maps a
    field id to where it was entered (an Excel cell), so errors can point at it."""
    message = _("Only the institution’s own users file its reports.")
    require(by, Action.FILING_SUBMIT, institution=institution, denied=message)
    if institution.status not in FILING_STATUSES:
        raise ApplicationError(
            _("An institution that is %(status)s files no reports.")
            % {"status": InstitutionStatus(institution.status).label},
            code=Code.INSTITUTION_FILES_NO_REPORTS,
        )
    if period.end > clock.today():
        raise ApplicationError(
            _("The period %(period)s has not ended yet.") % {"period": period.label},
            field="period",
            code=Code.PERIOD_NOT_ENDED,
        )
    version, figures, errors = validate_filing(
        institution=institution, report_code=report_code, period=period, raw=raw, location_of=location_of
    )
    if errors:
        located = [FieldError(e.field, e.message, (location_of or {}).get(e.field, e.location)) for e in errors]
        audit_record(
            action=AuditAction.REJECTED,
            obj=institution,
            object_type="reporting.submission",
            object_id="",
            object_repr=f"{report_code} {period.label}",
            changes={"channel": channel, "errors": [str(e) for e in located][:50]},
        )
        raise FilingRejected(
            _("The filing has %(n)s errors; nothing was saved.") % {"n": len(located)},
            errors=[(e.field, str(e)) for e in located],
        )
    return _store(
        by=by,
        institution=institution,
        report_code=report_code,
        period=period,
        version=version,
        figures=figures,
        channel=channel,
        correction_reason=correction_reason.strip(),
    )


@transaction.atomic
def _store(*, by, institution, report_code, period, version, figures, channel, correction_reason) -> Submission:
    institution_lock(pk=institution.pk)  # one filer at a time per institution
    draft_lock(institution=institution, report_code=report_code, period=period)  # before the audit head
    submission = version_add(
        by=by,
        previous=current_filing(institution=institution, report_code=report_code, period_end=period.end),
        institution=institution,
        office=institution.county,
        report_code=report_code,
        report_version=version.version,
        period=period,
        values=stored_to_json(figures),
        channel=channel,
        reason=correction_reason,
        audited={"channel": channel},
    )
    draft_discard(
        by=by,
        institution=institution,
        report_code=report_code,
        period=period,
        reason=_("filed as version %(v)s") % {"v": submission.version},
    )
    _warn_if_late(submission)
    return submission


def _warn_if_late(submission: Submission) -> None:
    from finsup.monitoring.services import warnings_open

    spec = late_filing_warning(submission)
    if spec is not None:
        warnings_open([spec])


def late_filing_warning(submission: Submission) -> dict | None:
    """The warning a first filing after its deadline opens (`warnings_open`'s spec), or None."""
    from finsup.monitoring.choices import WarningLevel, WarningSource

    report = cat.catalogue()[submission.report_code]
    due = deadline(Period(submission.period_start, submission.period_end), report.deadline_days)
    filed_on = timezone.localdate(submission.submitted_at)
    if submission.version > 1 or filed_on <= due:
        return None
    return dict(
        institution=submission.institution,
        source=WarningSource.LATE_FILING,
        level=WarningLevel.INFO,
        key=f"{WarningSource.LATE_FILING}:{submission.institution_id}:{submission.report_code}:{submission.period_end}",
        title=_("%(report)s for %(period)s filed %(days)s days late")
        % {
            "report": report.name_zh,
            "period": Period(submission.period_start, submission.period_end).label,
            "days": (filed_on - due).days,
        },
        detail=_("Due %(due)s, filed %(filed)s.") % {"due": due, "filed": filed_on},
        citation="《山东省地方金融条例》第五十一条",
        submission=submission,
        report_code=submission.report_code,
        period_end=submission.period_end,
    )
