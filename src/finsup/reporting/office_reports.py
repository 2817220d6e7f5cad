"""An office's own periodic reports to the office above it, filed like an institution's report:
a county's or zone's semi-annual and annual supervision reports to the city, the city's
consolidated reports and annual-review report to the province.

The office's staff open the period's form, drafted from the platform's records (office_drafting),
edit it and save it (`office_draft_save`). Sending it for sign-off (`office_report_send`) checks
every figure and drafts the report as an upward official document (监管工作报告) whose subject is
the draft; it then goes through the documents' check (核稿) and its leader's sign-off (签发), which
numbers it. The sign-off files the report (`file_signed_reports`, on documents.signals.signed_off):
a report goes up only as the document its leader signed. A correction (after a return, or at the
office's own initiative) is a new version with its reason; nothing filed is overwritten.

The office above reviews it: accepts it, or returns it with a reason the office reads and answers
with a corrected version. The filer's receipt (回执) is the filing's time, version and number."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, require, roles_with
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.documents.selectors import documents_about
from finsup.documents.services import document_draft, document_revise

from . import catalogue_access as cat
from .choices import SubmissionAction, SubmissionStatus
from .errors import Code
from .models import OfficeReportDraft, Submission
from .obligations import reporting_start
from .office_drafting import drafted_values
from .periods import Period, deadline, periods_between
from .services import FilingRejected
from .summaries.labels import date_zh, period_zh, place_name
from .validation import FieldError, check_figures, parse_figures, stored_to_json
from .versions import version_add
from .workflow import SUBMISSION, record_transition

# The kind of the reports each level files (catalogue `kind`).
FILER_KIND = {OfficeLevel.COUNTY: "county", OfficeLevel.ZONE: "county", OfficeLevel.CITY: "city"}
# How an office filing's status reads (the institutions' labels speak of the county and the city).
OFFICE_STATUS = {
    SubmissionStatus.SUBMITTED: gettext_lazy("Filed, awaiting review"),
    SubmissionStatus.RETURNED: gettext_lazy("Returned for correction"),
    SubmissionStatus.ACCEPTED: gettext_lazy("Accepted by the office above"),
    SubmissionStatus.CONFIRMED: gettext_lazy("Accepted by the office above"),
    SubmissionStatus.SUPERSEDED: gettext_lazy("Superseded by a correction"),
}
_NOT_FILER = gettext_lazy("Only the office’s own staff file its reports.")
_NOT_REVIEWER = gettext_lazy("You may not review this report.")


def office_reports(office) -> list:
    """The report definitions the office files to the office above (none for the province)."""
    kind = FILER_KIND.get(office.level)
    return cat.catalogue().for_kind(kind) if kind and office.parent_id else []


def office_report(office, report_code: str):
    for report in office_reports(office):
        if report.code == report_code:
            return report
    raise ApplicationError(
        _("“%(code)s” is not a report this office files.") % {"code": report_code},
        field="report",
        code=Code.NOT_A_REPORT_OF_INSTITUTION,
    )


def due_date(report, period: Period) -> datetime.date:
    return deadline(period, report.deadline_days)


def receipt_number(submission: Submission) -> str:
    """The receipt's number: the filer's code, the period and the version (371302-2026H1-2)."""
    period = Period(submission.period_start, submission.period_end)
    return f"{submission.office.code}-{period.label}-{submission.version}"


def current_office_filing(*, office, report_code: str, period_end: datetime.date) -> Submission | None:
    return (
        Submission.objects.filter(
            institution__isnull=True, office=office, report_code=report_code, period_end=period_end
        )
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .first()
    )


def office_draft_get(*, office, report_code: str, period: Period) -> OfficeReportDraft | None:
    return OfficeReportDraft.objects.filter(office=office, report_code=report_code, period_end=period.end).first()


def form_values(*, office, report, period: Period) -> dict[str, str]:
    """What the form starts from: the saved draft, else the figures drafted from the records."""
    draft = office_draft_get(office=office, report_code=report.code, period=period)
    if draft is not None:
        return dict(draft.values)
    return drafted_values(report=report, office=office, period=period)


def pending_document(draft: OfficeReportDraft | None):
    """The draft's document on its way to sign-off (drafted or checked, not yet final), if any."""
    if draft is None:
        return None
    latest = documents_about(subject=draft).order_by("-created_at", "-pk").first()
    return latest if latest is not None and latest.status != DocumentStatus.FINAL else None


def _require_filer(by, office) -> None:
    require(by, Action.FILING_REVIEW, office=office, denied=_NOT_FILER)
    if by.office_id != office.pk:
        raise PermissionDenied(str(_NOT_FILER), code=Code.FILE_FOR_OWN_OFFICE)


def _check_period(report, period: Period) -> None:
    cat.check_period(report, period)
    if period.end >= clock.today():
        raise ApplicationError(
            _("The period %(period)s has not ended yet.") % {"period": period.label},
            field="period",
            code=Code.PERIOD_NOT_ENDED,
        )


@transaction.atomic
def office_draft_save(*, by, office, report_code: str, period: Period, raw: Mapping, correction_reason: str = ""):
    """Saves the form as typed (unchecked). A document already on its way to sign-off is revised
    with it, so what the leader signs is what the draft says."""
    _require_filer(by, office)
    report = office_report(office, report_code)
    _check_period(report, period)
    version = cat.version_for(report, period)
    values = {f.id: str(raw.get(f.id, "") or "").strip() for f in version.fields}
    draft = (
        OfficeReportDraft.objects.select_for_update()
        .filter(office=office, report_code=report_code, period_end=period.end)
        .first()
    )
    before = dict(draft.values) if draft else None
    if draft is None:
        draft = OfficeReportDraft(
            office=office, report_code=report_code, period_start=period.start, period_end=period.end
        )
    draft.values, draft.correction_reason = values, correction_reason.strip()
    draft.saved_by, draft.saved_at = by, clock.now()
    draft.save()
    audit_record(
        action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        obj=draft,
        changes={"values": [before, values]},
    )
    document = pending_document(draft)
    if document is not None:
        _check(report, period, version, values)
        document_revise(document=document, context=document_context(draft, report), by=by)
    return draft


def _check(report, period, version, values) -> dict:
    figures, errors = parse_figures(version, values)
    errors += check_figures(version, figures, None)
    if errors:
        raise FilingRejected(
            _("The report has %(n)s errors; nothing was sent.") % {"n": len(errors)},
            errors=[(e.field, str(e)) for e in errors],
        )
    return figures


@transaction.atomic
def office_report_send(*, by, office, report_code: str, period: Period, raw: Mapping, correction_reason: str = ""):
    """Saves the form, checks every figure and drafts the report as an official document for the
    check (核稿) and the leader's sign-off (签发), which files it. A period already filed and not
    returned needs the reason for the correction."""
    draft = office_draft_save(
        by=by, office=office, report_code=report_code, period=period, raw=raw, correction_reason=correction_reason
    )
    report = office_report(office, report_code)
    _check(report, period, cat.version_for(report, period), draft.values)
    previous = current_office_filing(office=office, report_code=report_code, period_end=period.end)
    if previous is not None and not draft.correction_reason:
        raise ApplicationError(
            _("This period was already filed (version %(v)s). To change it, file a correction and say why.")
            % {"v": previous.version},
            field="correction_reason",
            code=Code.PERIOD_ALREADY_FILED,
        )
    document = pending_document(draft)
    if document is not None:
        return document  # office_draft_save revised it
    return document_draft(
        kind=DocumentKind.SUPERVISION_REPORT,
        office=office,
        context=document_context(draft, report),
        by=by,
        subject=draft,
    )


def document_context(draft: OfficeReportDraft, report) -> dict:
    """The report as the upward document prints it: the figures by group, then the narrative."""
    office, period = draft.office, Period(draft.period_start, draft.period_end)
    version = cat.version_for(report, period)
    numerals = "一二三四五六七八九十"
    sections, n = [], 0
    for group_id, group_zh, _en in report.groups:
        fields = [f for f in version.fields if f.group == group_id]
        if not fields:
            continue
        heading = f"{numerals[n]}、{group_zh}"
        n += 1
        sections.append(heading)
        counts = [f for f in fields if f.type != "text"]
        if counts:
            sections.append("；".join(f"{f.label_zh}{draft.values.get(f.id) or 0}" for f in counts) + "。")
        for f in fields:
            if f.type == "text" and draft.values.get(f.id):
                if len(fields) > 1 and len(counts) == 0:
                    sections.append(f"（{f.label_zh}）")
                sections.extend(line.strip() for line in draft.values[f.id].splitlines() if line.strip())
    place = place_name(office)
    title = f"关于{place}{period_zh(period)}{report.name_zh.removeprefix('县区金融办').removeprefix('市金融办')}的报告"
    return {
        "addressee": office.parent.name,
        "title": title,
        "opening": f"现将{place}{period_zh(period)}{report.name_zh}有关情况报告如下：",
        "sections": sections,
    }


def file_signed_reports(sender=None, *, documents, **kwargs) -> None:
    """documents.signals.signed_off: a signed-off report files its draft (in the sign-off's transaction)."""
    content_type = ContentType.objects.get_for_model(OfficeReportDraft)
    for document in documents:
        if document.kind != DocumentKind.SUPERVISION_REPORT or document.content_type_id != content_type.pk:
            continue
        draft = OfficeReportDraft.objects.select_for_update().get(pk=document.object_id)
        _store(draft=draft, document=document, by=document.finalised_by)


def _store(*, draft: OfficeReportDraft, document, by) -> Submission:
    office, period = draft.office, Period(draft.period_start, draft.period_end)
    report = cat.catalogue()[draft.report_code]
    version = cat.version_for(report, period)
    figures = _check(report, period, version, draft.values)
    previous = current_office_filing(office=office, report_code=report.code, period_end=period.end)
    submission = version_add(
        by=by,
        previous=previous,
        institution=None,
        office=office,
        report_code=report.code,
        report_version=version.version,
        period=period,
        values=stored_to_json(figures),
        channel="web",
        reason=draft.correction_reason,
        audited={"document": document.number},
        document=document,
    )
    draft.correction_reason = ""
    draft.save(update_fields=["correction_reason"])
    _notify_reviewers(submission)
    return submission


def _notify_reviewers(submission: Submission) -> None:
    from finsup.accounts.selectors import staff_pick
    from finsup.notifications.services import notify

    report = cat.report_name(submission.report_code)
    title = _("%(office)s filed %(report)s for %(period)s (version %(v)s)") % {
        "office": submission.office.short_name,
        "report": report,
        "period": Period(submission.period_start, submission.period_end).label,
        "v": submission.version,
    }
    reviewers = staff_pick(offices=[submission.office.parent], roles=roles_with(Action.FILING_REVIEW))
    notify(users=reviewers, title=title, key=f"office_report:{submission.pk}", url=submission.get_absolute_url())


def _require_reviewer(by, submission: Submission) -> None:
    if submission.institution_id is not None or submission.office.parent_id is None:
        raise PermissionDenied(str(_NOT_REVIEWER), code=Code.NOT_THE_OFFICE_ABOVE)
    require(by, Action.FILING_REVIEW, office=submission.office.parent, denied=_NOT_REVIEWER)


@transaction.atomic
def office_report_accept(*, submission: Submission, by) -> Submission:
    """The office above accepts the filed report."""
    submission = SUBMISSION.lock(submission)
    _require_reviewer(by, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a filed report awaiting review can be accepted."), code=Code.NOT_SUBMITTED)
    record_transition(submission=submission, to_status=SubmissionStatus.ACCEPTED, action=SubmissionAction.ACCEPT, by=by)
    _notify_filer(submission, _("%(report)s for %(period)s was accepted"))
    return submission


@transaction.atomic
def office_report_return(*, submission: Submission, by, reason: str) -> Submission:
    """The office above returns the filed report with the reason; the office files a correction."""
    submission = SUBMISSION.lock(submission)
    _require_reviewer(by, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a filed report awaiting review can be returned."), code=Code.NOT_SUBMITTED)
    if not (reason or "").strip():
        raise ApplicationError(
            _("Say why the report is returned, so the office can correct it."),
            field="reason",
            code=Code.RETURN_REASON_REQUIRED,
        )
    record_transition(
        submission=submission,
        to_status=SubmissionStatus.RETURNED,
        action=SubmissionAction.RETURN,
        by=by,
        reason=reason.strip(),
    )
    _notify_filer(submission, _("%(report)s for %(period)s was returned"), body=reason.strip())
    return submission


def _notify_filer(submission: Submission, title: str, body: str = "") -> None:
    from finsup.accounts.selectors import staff_pick
    from finsup.notifications.services import notify

    text = title % {
        "report": cat.report_name(submission.report_code),
        "period": Period(submission.period_start, submission.period_end).label,
    }
    staff = staff_pick(offices=[submission.office], roles=roles_with(Action.FILING_REVIEW))
    notify(
        users=staff,
        title=text,
        body=body,
        key=f"office_report:{submission.pk}:{submission.status}",
        url=submission.get_absolute_url(),
    )


def _tracked_from(as_of: datetime.date) -> datetime.date:
    return max(reporting_start(as_of), datetime.date((as_of - datetime.timedelta(days=61)).year, 1, 1))


def office_duties(*, office, as_of: datetime.date | None = None) -> list[dict]:
    """The office's reports of every period ended since the start of the year whose reports are
    still being filed (that of two months ago: an annual report is due within 60 days), not before
    FINSUP_REPORTING_START: its current filing (or none), the deadline, and whether it is overdue
    (not filed, or returned, after the deadline)."""
    as_of = as_of or clock.today()
    out = []
    current = {
        (f.report_code, f.period_end): f
        for f in Submission.objects.filter(institution__isnull=True, office=office)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .filter(period_end__gte=_tracked_from(as_of))
    }
    for report in office_reports(office):
        for period in periods_between(_tracked_from(as_of), as_of - datetime.timedelta(days=1), report.frequency):
            filing = current.get((report.code, period.end))
            due = due_date(report, period)
            open_ = filing is None or filing.status == SubmissionStatus.RETURNED
            out.append(
                {
                    "report": report,
                    "period": period,
                    "period_zh": period_zh(period),
                    "due": due,
                    "due_zh": date_zh(due),
                    "filing": filing,
                    "open": open_,
                    "overdue": open_ and as_of > due,
                }
            )
    return sorted(out, key=lambda d: (not d["open"], d["due"]), reverse=False)


def located_errors(errors: list[FieldError]) -> list:
    return [(e.field, str(e)) for e in errors]
