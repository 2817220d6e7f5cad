"""Filing pages: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.monitoring.selectors import filing_breaches
from finsup.web.forms import add_service_error
from finsup.web.lists import DATE, DATETIME, NAME, NUMBER, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import catalogue_access as cat
from . import drafts, selectors, services, workflow
from . import obligations as obl
from .carry_over import carried_over
from .choices import Channel, SubmissionStatus
from .forms import OverdueFilterForm, ReturnForm, figures_form_class, filter_overdue
from .models import RuleResult, Submission
from .validation import entered_values, field_label

FILING_COLUMNS = (
    Column(
        "institution", _l("institution"), lambda s: s.institution or s.office, kind=NAME, order=("institution__name",)
    ),
    Column("county", _l("county"), "office.short_name", kind=NAME, order=("office__short_name",)),
    Column("report", _l("report"), lambda s: cat.report_name(s.report_code), order=("report_code",)),
    Column("period", _l("period end"), "period_end", kind=DATE, order=("period_end",)),
    Column("version", _l("version"), "version", kind=NUMBER, order=("version",)),
    Column("channel", _l("channel"), "get_channel_display"),
    Column("submitted", _l("submitted at"), "submitted_at", kind=DATETIME, order=("submitted_at",)),
    Column("status", _l("status"), "get_status_display", order=("status",)),
)


class SubmissionListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.FILING_VIEW
    template_name = "reporting/list.html"
    columns = FILING_COLUMNS
    default_sort = "-submitted"
    export_title = _l("Filings")

    def get(self, request, *args, **kwargs):
        if "status" not in request.GET and not request.GET.get("all"):
            queue = selectors.default_queue_status(request.user)
            if queue:
                return redirect(f"{request.path}?status={queue}")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs, self.filterset = selectors.submission_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["reporting/_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(filter=self.filterset, **kwargs)
        user = self.request.user
        ctx["bulk_step"] = selectors.bulk_review_step(actor=user, status=self.request.GET.get("status", ""))
        if user.is_institution_user:
            # What the institution owes: missing first, then the most recent periods.
            duties = obl.obligations(institutions=[user.institution])
            duties.sort(key=lambda d: (d.state != obl.MISSING, -d.due.toordinal()))
            kept = drafts.draft_periods(actor=user)
            ctx["duties"] = [(d, (d.report_code, d.period.end) in kept) for d in duties[:30]]
        return ctx


def _state_label(row) -> str:
    return _("Missing") if row.state == obl.MISSING else _("Filed late")


OVERDUE_COLUMNS = (
    Column("institution", _l("institution"), "institution.name", kind=NAME, sortable=True),
    Column("county", _l("county"), "institution.county.short_name", kind=NAME, sortable=True),
    Column("report", _l("report"), "report_name", sortable=True),
    Column("period", _l("period"), "period.label", sortable=True),
    Column("due", _l("due"), "due", kind=DATE, sortable=True),
    Column("days", _l("days overdue"), "days_overdue", kind=NUMBER, sortable=True, css="num"),
    Column("state", _l("state"), _state_label, sortable=True),
    Column(
        "supervisor", _l("lead supervisor"), lambda r: r.institution.lead_supervisor or "", kind=NAME, sortable=True
    ),
)


class OverdueView(ScopedViewMixin, ListPageMixin, ListView):
    """Missing and late filings, missing first and the most overdue first unless sorted otherwise."""

    action = Action.FILING_REVIEW
    template_name = "reporting/overdue.html"
    columns = OVERDUE_COLUMNS
    export_title = _l("Overdue filings")

    def get_queryset(self):
        rows = obl.overdue(actor=self.request.user)
        self.missing = sum(r.state == obl.MISSING for r in rows)
        counties = sorted(
            {(r.institution.county.code, r.institution.county.short_name) for r in rows}, key=lambda c: c[0]
        )
        reports = sorted({(r.report_code, r.report_name) for r in rows}, key=lambda c: c[1])
        self.filter_form = OverdueFilterForm(self.request.GET or None, counties=counties, reports=reports)
        return filter_overdue(rows, self.filter_form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(missing=self.missing, filter_form=self.filter_form, **kwargs)


class FileReportView(ScopedViewMixin, FormView):
    """The web form for one report and period; a second filing of the period is a correction. It
    opens with the institution's draft if it saved one, else (a first filing) with the opening
    balances carried over from the last period's accepted filing. "Save draft" keeps the figures
    as typed without checking them; "File" checks and files, and removes the draft."""

    action = Action.FILING_SUBMIT
    template_name = "reporting/file.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_institution_user:
            inst = request.user.institution
            try:
                self.report = cat.report_for(kwargs["report"], kind=inst.kind)
                self.period = cat.period_for(self.report, kwargs["period"])
                self.version = cat.version_for(self.report, self.period)
            except ApplicationError:
                raise Http404 from None
            self.previous = services.current_filing(
                institution=inst, report_code=self.report.code, period_end=self.period.end
            )
            self.draft = drafts.draft_get(actor=request.user, report_code=self.report.code, period_end=self.period.end)
            self.carried = {}
            if self.previous is None:
                self.carried = carried_over(
                    institution=inst, report=self.report, version=self.version, period=self.period
                )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return figures_form_class(self.version, correcting=self.previous is not None)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field_id, carried in self.carried.items():
            form.fields[field_id].carried = carried
        return form

    def get_initial(self):
        if self.draft is not None:
            return {**self.draft.values, "correction_reason": self.draft.correction_reason}
        if self.previous is None:
            return {field_id: carried.value for field_id, carried in self.carried.items()}
        if self.previous.report_version != self.version.version:
            return {}
        return {k: v for k, v in entered_values(self.version, self.previous.values).items() if v is not None}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        groups = [(label, [form[f] for f in ids]) for label, ids in form.groups]
        return super().get_context_data(
            report=self.report,
            period=self.period,
            version=self.version,
            previous=self.previous,
            draft=self.draft,
            carried_from=next(iter(self.carried.values())).period if self.carried else "",
            groups=groups,
            due=self.report.deadline_days,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step")
        if step not in ("draft", "discard"):
            return super().post(request, *args, **kwargs)
        inst = request.user.institution
        try:
            if step == "draft":
                drafts.draft_save(
                    by=request.user,
                    institution=inst,
                    version=self.version,
                    period=self.period,
                    raw={f.id: request.POST.get(f.id, "") for f in self.version.fields},
                    correction_reason=request.POST.get("correction_reason", ""),
                )
                messages.success(request, _("Draft saved. It is not filed: come back to it and file it when ready."))
            else:
                drafts.draft_discard(
                    by=request.user, institution=inst, report_code=self.report.code, period=self.period
                )
                messages.success(request, _("Draft discarded."))
        except ApplicationError as exc:
            form = self.get_form()
            add_service_error(form, exc)
            return self.form_invalid(form)
        return redirect(request.path)

    def form_valid(self, form):
        raw = {k: v for k, v in form.cleaned_data.items() if k != "correction_reason"}
        try:
            submission = services.submission_file(
                by=self.request.user,
                institution=self.request.user.institution,
                report_code=self.report.code,
                period=self.period,
                raw=raw,
                channel=Channel.WEB,
                correction_reason=form.cleaned_data.get("correction_reason", ""),
            )
        except ApplicationError as exc:
            for field_id, message in exc.errors or [(exc.field, exc.message)]:
                form.add_error(field_id if field_id in form.fields else None, message)
            if exc.errors:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Filed. The county office will review it."))
        return redirect(submission.get_absolute_url())


class SubmissionDetailView(ScopedViewMixin, TemplateView):
    action = Action.FILING_VIEW
    case_read_model = Submission  # an oversight body reads a filing its case links
    template_name = "reporting/detail.html"

    def get_context_data(self, pk, **kwargs):
        try:
            submission = selectors.submission_get(actor=self.request.user, pk=pk)
        except Submission.DoesNotExist:
            raise Http404 from None
        version = cat.catalogue()[submission.report_code].version(submission.report_version)
        entered = entered_values(version, submission.values)
        figures = [(field_label(f), entered.get(f.id), f.unit_zh, f.group_zh) for f in version.fields]
        user = self.request.user
        reviewer = can(user, Action.FILING_REVIEW) and not user.is_institution_user
        results = RuleResult.objects.for_user(user).filter(submission=submission, current=True)
        breaches = filing_breaches(actor=user, submission=submission)
        rules = cat.rulebook()
        return super().get_context_data(
            submission=submission,
            report=cat.catalogue()[submission.report_code],
            figures=figures,
            events=submission.events.select_related("by"),
            results=[
                (r, _rule_or_none(rules, r.rule_id), breaches.get(r.rule_id))
                for r in sorted(results, key=_breaches_first)
            ],
            # An institution reads its breach on its own page; staff on the warning's.
            breach_view="monitoring:breach_detail" if user.is_institution_user else "monitoring:warning_detail",
            versions=selectors.submission_versions(submission),
            can_accept=reviewer and submission.status == SubmissionStatus.SUBMITTED,
            can_confirm=reviewer and submission.status == SubmissionStatus.ACCEPTED and user.office.level == "city",
            return_form=ReturnForm(),
            now=clock.now(),
            **kwargs,
        )


def _breaches_first(result) -> tuple:
    return ({False: 0, None: 2}.get(result.passed, 1), result.rule_id)


def _rule_or_none(rulebook, rule_id):
    try:
        return rulebook.get(rule_id)
    except KeyError:
        return None


class ReviewView(ScopedViewMixin, View):
    """POST only: accept, return (with a reason) or confirm a filing."""

    action = Action.FILING_REVIEW
    http_method_names = ["post"]

    def post(self, request, pk, step):
        try:
            submission = selectors.submission_get(actor=request.user, pk=pk)
        except Submission.DoesNotExist:
            raise Http404 from None
        try:
            if step == "accept":
                workflow.submission_accept(submission=submission, by=request.user)
                messages.success(request, _("Accepted; the filing was evaluated against the rulebook."))
            elif step == "return":
                workflow.submission_return(
                    submission=submission, by=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Returned to the institution."))
            elif step == "confirm":
                workflow.submission_confirm(submission=submission, by=request.user)
                messages.success(request, _("Confirmed."))
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(submission.get_absolute_url())


class BulkReviewView(ScopedViewMixin, View):
    """POST only: accept (the county) or confirm (the city) the filings ticked on the list, all or
    nothing (workflow.submissions_review_bulk); back to the list with what was done or refused."""

    action = Action.FILING_REVIEW
    http_method_names = ["post"]

    def post(self, request):
        try:
            pks = [int(pk) for pk in request.POST.getlist("filing")]
        except ValueError:
            raise Http404 from None
        try:
            submissions = selectors.submissions_selected(actor=request.user, pks=pks)
        except Submission.DoesNotExist:
            raise Http404 from None
        step = request.POST.get("step", "")
        try:
            done = workflow.submissions_review_bulk(submissions=submissions, step=step, by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if step == workflow.ACCEPT:
                text = _("Filings accepted: %(count)d, each evaluated against the rulebook.")
            else:
                text = _("Filings confirmed: %(count)d.")
            messages.success(request, text % {"count": done})
        # Back to the same filtered list: only a query string is taken, never another address.
        back = request.POST.get("next", "")
        return redirect(reverse("reporting:list") + (back if back.startswith("?") else ""))
