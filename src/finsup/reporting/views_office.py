"""Pages of an office's own reports to the office above (reporting.office_reports): the list of
what the office files and what waits for its review, the form drafted from the records, the filed
report with its receipt and review, and the printable receipt."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.web.views import ScopedViewMixin

from . import catalogue_access as cat
from . import office_reports as svc
from .choices import SubmissionStatus
from .forms import ReturnForm, figures_form_class
from .models import Submission
from .office_selectors import office_filing_get, office_filing_versions, office_filings_below
from .periods import Period
from .validation import entered_values, field_label


def _filing_rows(filings):
    return [
        {
            "filing": f,
            "report": cat.report_name(f.report_code),
            "period": svc.period_zh(Period(f.period_start, f.period_end)),
            "status": svc.OFFICE_STATUS[f.status],
        }
        for f in filings
    ]


class OfficeReportsView(ScopedViewMixin, TemplateView):
    """The office's own reports by period (to file, filed, returned, overdue) and, for an office
    with offices below it, their reports waiting for its review."""

    action = Action.FILING_VIEW
    template_name = "reporting/office_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_institution_user or user.office is None:
            raise Http404
        duties = svc.office_duties(office=user.office)
        for d in duties:
            if d["filing"] is not None:
                d["status"] = svc.OFFICE_STATUS[d["filing"].status]
        below = office_filings_below(actor=user)
        return super().get_context_data(
            duties=duties,
            can_file=can(user, Action.FILING_REVIEW),
            # A county or zone office has no office below it: no reviewing sections to show empty.
            reviews=user.office.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE),
            waiting=_filing_rows(below.filter(status=SubmissionStatus.SUBMITTED)),
            reviewed=_filing_rows(below.exclude(status=SubmissionStatus.SUBMITTED)[:50]),
            **kwargs,
        )


class OfficeReportFileView(ScopedViewMixin, FormView):
    """The form of one report and period, drafted from the records; "Save draft" keeps it as
    typed, "Send for sign-off" checks it and drafts the official document the leader signs off
    (the sign-off files it)."""

    action = Action.FILING_REVIEW
    template_name = "reporting/office_file.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and can(user, self.action) and user.office_id and not user.is_institution_user:
            try:
                self.report = svc.office_report(user.office, kwargs["report"])
                self.period = cat.period_for(self.report, kwargs["period"])
                cat.check_period(self.report, self.period)
                self.version = cat.version_for(self.report, self.period)
            except ApplicationError:
                raise Http404 from None
            self.office = user.office
            self.previous = svc.current_office_filing(
                office=self.office, report_code=self.report.code, period_end=self.period.end
            )
            self.draft = svc.office_draft_get(office=self.office, report_code=self.report.code, period=self.period)
            self.document = svc.pending_document(self.draft)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return figures_form_class(self.version, correcting=self.previous is not None)

    def get_initial(self):
        values = svc.form_values(office=self.office, report=self.report, period=self.period)
        reason = self.draft.correction_reason if self.draft else ""
        return {**values, "correction_reason": reason}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        return super().get_context_data(
            report=self.report,
            period=self.period,
            period_zh=svc.period_zh(self.period),
            due=svc.date_zh(svc.due_date(self.report, self.period)),
            previous=self.previous,
            previous_status=svc.OFFICE_STATUS[self.previous.status] if self.previous else "",
            returned_reason=_returned_reason(self.previous),
            draft=self.draft,
            document=self.document,
            groups=[(label, [form[f] for f in ids]) for label, ids in form.groups],
            **kwargs,
        )

    def form_invalid(self, form):
        return super().form_invalid(form)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        raw = {f.id: request.POST.get(f.id, "") for f in self.version.fields}
        reason = request.POST.get("correction_reason", "")
        step = request.POST.get("step")
        try:
            if step == "draft":
                svc.office_draft_save(
                    by=request.user,
                    office=self.office,
                    report_code=self.report.code,
                    period=self.period,
                    raw=raw,
                    correction_reason=reason,
                )
                messages.success(request, _("Draft saved. It is not filed: send it for sign-off when ready."))
                return redirect(request.path)
            document = svc.office_report_send(
                by=request.user,
                office=self.office,
                report_code=self.report.code,
                period=self.period,
                raw=raw,
                correction_reason=reason,
            )
        except ApplicationError as exc:
            form.is_valid()
            for field_id, message in exc.errors or [(exc.field, exc.message)]:
                form.add_error(field_id if field_id in form.fields else None, message)
            if exc.errors:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            request,
            _("The report is drafted as an official document: once checked and signed off by the leader, it is filed."),
        )
        return redirect(reverse("documents:detail", args=[document.pk]))


def _returned_reason(filing) -> str:
    if filing is None or filing.status != SubmissionStatus.RETURNED:
        return ""
    event = filing.events.filter(to_status=SubmissionStatus.RETURNED).order_by("-at").first()
    return event.reason if event else ""


class OfficeFilingView(ScopedViewMixin, TemplateView):
    """One filed office report: figures, document, receipt, history, versions, and the review of
    the office above."""

    action = Action.FILING_VIEW
    template_name = "reporting/office_filing.html"

    def get_context_data(self, pk, **kwargs):
        submission = _get(self.request.user, pk)
        user = self.request.user
        version = cat.catalogue()[submission.report_code].version(submission.report_version)
        entered = entered_values(version, submission.values)
        figures = [(field_label(f), entered.get(f.id), f.unit_zh, f.group_zh, f.type) for f in version.fields]
        reviewer = (
            can(user, Action.FILING_REVIEW)
            and submission.office.parent_id is not None
            and user.office_id is not None
            and submission.office.parent.path.startswith(user.office.path)
        )
        period = Period(submission.period_start, submission.period_end)
        return super().get_context_data(
            submission=submission,
            report=cat.catalogue()[submission.report_code],
            period_zh=svc.period_zh(period),
            status=svc.OFFICE_STATUS[submission.status],
            figures=figures,
            events=submission.events.select_related("by"),
            versions=[(v, svc.OFFICE_STATUS[v.status]) for v in office_filing_versions(submission)],
            receipt=svc.receipt_number(submission),
            own=user.office_id == submission.office_id,
            can_review=reviewer and submission.status == SubmissionStatus.SUBMITTED,
            return_form=ReturnForm(),
            form_url=_form_url(submission, period),
            **kwargs,
        )


def _form_url(submission, period) -> str:
    return reverse("reporting:office_file", args=[submission.report_code, period.label])


def _get(user, pk) -> Submission:
    try:
        return office_filing_get(actor=user, pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


class OfficeReceiptView(ScopedViewMixin, TemplateView):
    """The printable receipt (回执) of a filed office report."""

    action = Action.FILING_VIEW
    template_name = "reporting/office_receipt.html"

    def get_context_data(self, pk, **kwargs):
        submission = _get(self.request.user, pk)
        return super().get_context_data(
            submission=submission,
            report=cat.catalogue()[submission.report_code],
            period_zh=svc.period_zh(Period(submission.period_start, submission.period_end)),
            receipt=svc.receipt_number(submission),
            **kwargs,
        )


class OfficeReviewView(ScopedViewMixin, View):
    """POST only: the office above accepts the report or returns it with a reason."""

    action = Action.FILING_REVIEW
    http_method_names = ["post"]

    def post(self, request, pk, step):
        submission = _get(request.user, pk)
        try:
            if step == "accept":
                svc.office_report_accept(submission=submission, by=request.user)
                messages.success(request, _("Report accepted."))
            elif step == "return":
                form = ReturnForm(request.POST)
                svc.office_report_return(submission=submission, by=request.user, reason=form.data.get("reason", ""))
                messages.success(request, _("Report returned with your reason; the office will file a correction."))
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(submission.get_absolute_url())
