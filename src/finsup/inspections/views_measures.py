"""Pages of supervisory measures, executive interviews, the institution timeline and the case
file of an inspection. Staff pages only: an institution's users get 404. Views parse, call one
service or selector, render; anything outside the user's jurisdiction is 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import ListView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institution_scope
from finsup.monitoring.selectors import warning_scope
from finsup.web import lists
from finsup.web.forms import StaffChoiceField, add_service_error
from finsup.web.lists import Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import selectors
from . import services as s
from .choices import PROVINCE_DECIDES, InterviewStatus, MeasureKind, MeasureStatus
from .forms import FineFields, ProvinceDecisionForm
from .models import Finding, Inspection, Interview, Measure
from .services.casefile import casefile_build, casefile_name
from .services.measures import can_decide
from .services.province import may_decide_for_province
from .timeline import institution_timeline

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class StaffView(ScopedViewMixin, View):
    """Staff holding `action` (or any of `any_of`); `load()` fetches the URL's object through the
    scoped selectors before the method is looked at, so out of scope is 404 even for a GET on a
    POST-only route."""

    action = Action.INSPECTION_VIEW
    any_of: tuple[Action, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            allowed = any(can(user, a) for a in self.any_of) if self.any_of else can(user, self.action)
            if user.is_institution_user or not allowed:
                raise Http404
            self.load(request, **kwargs)
        return View.dispatch(self, request, *args, **kwargs) if user.is_authenticated else self.handle_no_permission()

    def load(self, request, **kwargs) -> None:
        pass

    def institution(self, request, pk):
        try:
            return institution_scope(actor=request.user).select_related("county").get(pk=pk)
        except ObjectDoesNotExist:  # not the user's to see
            raise Http404 from None


# -- Measures ---------------------------------------------------------------------------------


class MeasureForm(FineFields, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("measure"), choices=MeasureKind.choices)
    grounds = forms.CharField(label=gettext_lazy("grounds (reasons)"), widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(
        label=gettext_lazy("legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Required when a leader decides the measure at once; otherwise proposed to the leader who decides."
        ),
    )
    deadline = forms.DateField(label=gettext_lazy("deadline"), required=False, widget=DATE)
    findings = forms.ModelMultipleChoiceField(
        label=gettext_lazy("findings"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    warnings = forms.ModelMultipleChoiceField(
        label=gettext_lazy("risk warnings"),
        queryset=None,  # the institution's warnings the user may see, set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, institution, imposes=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = Finding.objects.for_user(user).filter(institution=institution)
        self.fields["warnings"].queryset = warning_scope(actor=user).filter(institution=institution)
        if imposes:  # only a leader deciding at once may impose a fine
            self.add_fine_fields(institution.kind)


class DecideForm(FineFields, forms.Form):
    reasons = forms.CharField(label=gettext_lazy("reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(label=gettext_lazy("legal basis"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=gettext_lazy("deadline"), required=False, widget=DATE)
    decision = forms.CharField(
        label=gettext_lazy("decision (as written in the document)"),
        required=False,
        help_text=gettext_lazy(
            "For a referral to the police, the offence suspected; for a revocation or a V(2) rating, what the "
            "request to the superior office asks."
        ),
    )
    remedy = forms.CharField(label=gettext_lazy("remedy (appeal or review open to the institution)"), required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_fine_fields(kind)


def proposed(measure: Measure) -> dict:
    """The decision form's starting values: what the proposal says (the leader may change any)."""
    return {"reasons": measure.proposal, "basis": measure.proposed_basis, "deadline": measure.proposed_deadline}


class DismissForm(forms.Form):
    reasons = forms.CharField(label=gettext_lazy("reasons for dismissing"), widget=forms.Textarea(attrs={"rows": 3}))


MEASURE_COLUMNS = (
    lists.INSTITUTION_OFFICE,
    lists.INSTITUTION,
    Column("measure", gettext_lazy("measure"), "get_kind_display", order=("kind",)),
    Column("proposed", gettext_lazy("proposed at"), "proposed_at", kind=lists.DATETIME, order=("proposed_at",)),
    Column("by", gettext_lazy("proposed by"), lambda m: m.proposed_by or _("the platform"), kind=lists.NAME),
    Column("decided", gettext_lazy("decided at"), "decided_at", kind=lists.DATETIME, order=("decided_at",)),
)


class MeasureListView(StaffView, ListPageMixin, ListView):
    template_name = "inspections/measure_list.html"
    context_object_name = "measures"
    columns = MEASURE_COLUMNS
    default_sort = "-proposed"
    export_title = gettext_lazy("Supervisory measures")

    def get_queryset(self):
        self.status = self.request.GET.get("status", MeasureStatus.PROPOSED)
        if self.status not in MeasureStatus.values:
            self.status = MeasureStatus.PROPOSED
        return selectors.measure_list(actor=self.request.user, status=self.status).select_related(
            "institution__county", "proposed_by"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(status=self.status, statuses=MeasureStatus.choices, **kwargs)


class MeasureMixin:
    def load(self, request, pk, **kwargs):
        try:
            self.measure = selectors.measure_list(actor=request.user).select_related("institution__county").get(pk=pk)
        except Measure.DoesNotExist:
            raise Http404 from None


class MeasureDetailView(MeasureMixin, StaffView):
    def get(self, request, pk):
        return self.page(request)

    def page(self, request, *, decide_form=None, dismiss_form=None, province_form=None, status=200):
        measure, user = self.measure, request.user
        leader = measure.status == MeasureStatus.PROPOSED and can_decide(user, measure.institution)
        province_decision = selectors.province_decision_of(actor=user, measure=measure)
        province_may = province_decision is None and may_decide_for_province(user, measure)
        return render(
            request,
            "inspections/measure_detail.html",
            {
                "measure": measure,
                "findings": measure.findings.all(),
                "warnings": measure.warnings.all(),
                "documents": selectors.issued_documents(actor=user, measure=measure),
                "decide_form": (decide_form or DecideForm(kind=measure.institution.kind, initial=proposed(measure)))
                if leader
                else None,
                "dismiss_form": (dismiss_form or DismissForm()) if leader else None,
                "province_decision": province_decision,
                "province_asked": measure.kind in PROVINCE_DECIDES and measure.status == MeasureStatus.DECIDED,
                "province_form": (province_form or ProvinceDecisionForm()) if province_may else None,
            },
            status=status,
        )


class MeasureDecideView(MeasureMixin, StaffView):
    action = Action.MEASURE_DECIDE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DecideForm(request.POST, kind=self.measure.institution.kind)
        if form.is_valid():
            try:
                s.measure_decide(by=request.user, measure=self.measure, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The measure is decided and its decision issued."))
                return redirect("measures:measure_detail", pk=pk)
        return MeasureDetailView.page(self, request, decide_form=form, status=400)


class MeasureDismissView(MeasureMixin, StaffView):
    action = Action.MEASURE_DECIDE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DismissForm(request.POST)
        if form.is_valid():
            try:
                s.measure_dismiss(by=request.user, measure=self.measure, reasons=form.cleaned_data["reasons"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The proposal is dismissed."))
                return redirect("measures:measure_detail", pk=pk)
        return MeasureDetailView.page(self, request, dismiss_form=form, status=400)


class MeasureNewView(StaffView):
    """A leader imposes a measure at once; inspecting staff propose one for a leader to decide.
    ?finding= or ?warning= preselects what the measure is linked to."""

    any_of = (Action.INSPECTION_RUN, Action.MEASURE_DECIDE)

    def load(self, request, pk, **kwargs):
        self.inst = self.institution(request, pk)
        self.imposes = can_decide(request.user, self.inst)

    def form(self, request, data=None):
        initial = {"findings": request.GET.getlist("finding"), "warnings": request.GET.getlist("warning")}
        return MeasureForm(data, user=request.user, institution=self.inst, imposes=self.imposes, initial=initial)

    def render_form(self, request, form, status=200):
        context = {"institution": self.inst, "form": form, "imposes": self.imposes}
        return render(request, "inspections/measure_form.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(request, self.form(request))

    def post(self, request, pk):
        form = self.form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            links = {"findings": data["findings"], "warnings": data["warnings"], "kind": data["kind"]}
            try:
                if self.imposes:
                    measure = s.measure_impose(
                        by=request.user,
                        institution=self.inst,
                        reasons=data["grounds"],
                        basis=data["basis"],
                        deadline=data["deadline"],
                        penalty=data["penalty"],
                        fine=data["fine"],
                        **links,
                    )
                else:
                    measure = s.measure_propose(
                        by=request.user,
                        institution=self.inst,
                        proposal=data["grounds"],
                        basis=data["basis"],
                        deadline=data["deadline"],
                        **links,
                    )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The measure is recorded."))
                return redirect("measures:measure_detail", pk=measure.pk)
        return self.render_form(request, form, status=400)


# -- Executive interviews ----------------------------------------------------------------------


class InterviewForm(forms.Form):
    # Both choose among the staff over the institution who may take that part, set in __init__.
    lead_interviewer = StaffChoiceField(label=gettext_lazy("lead interviewer"), queryset=None)
    recorder = StaffChoiceField(label=gettext_lazy("recorder"), queryset=None)
    interviewees = forms.CharField(label=gettext_lazy("interviewees"), max_length=300)
    place = forms.CharField(label=gettext_lazy("place"), max_length=200)
    scheduled_at = forms.DateTimeField(label=gettext_lazy("scheduled at"), widget=DATETIME)
    reasons = forms.CharField(label=gettext_lazy("reasons for the interview"), widget=forms.Textarea(attrs={"rows": 3}))
    outline = forms.CharField(label=gettext_lazy("outline"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_interviewer"].queryset = selectors.interviewer_candidates(institution=institution)
        self.fields["recorder"].queryset = selectors.recorder_candidates(institution=institution)


class NoticeForm(forms.Form):
    materials = forms.CharField(
        label=gettext_lazy("materials to bring (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(label=gettext_lazy("contact"), required=False, max_length=100)


class HoldForm(forms.Form):
    held_at = forms.DateTimeField(label=gettext_lazy("held at"), required=False, widget=DATETIME)
    memo = forms.CharField(label=gettext_lazy("memo"), widget=forms.Textarea(attrs={"rows": 6}))
    requirements = forms.CharField(
        label=gettext_lazy("requirements (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


INTERVIEW_COLUMNS = (
    lists.INSTITUTION_OFFICE,
    lists.INSTITUTION,
    Column("scheduled", gettext_lazy("scheduled at"), "scheduled_at", kind=lists.DATETIME, order=("scheduled_at",)),
    Column("origin", gettext_lazy("origin"), "get_origin_display", order=("origin",)),
    Column("lead", gettext_lazy("lead interviewer"), "lead_interviewer", kind=lists.NAME),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
)


class InterviewListView(StaffView, ListPageMixin, ListView):
    template_name = "inspections/interview_list.html"
    context_object_name = "interviews"
    columns = INTERVIEW_COLUMNS
    default_sort = "-scheduled"
    export_title = gettext_lazy("Executive interviews")

    def get_queryset(self):
        return selectors.interview_list(actor=self.request.user).select_related("institution__county")


class InterviewNewView(StaffView):
    """Prepares an interview of the institution; ?warning= or ?finding= names what it starts from."""

    action = Action.INTERVIEW_RUN

    def load(self, request, pk, **kwargs):
        self.inst = self.institution(request, pk)
        self.warning = self._source(request, "warning", warning_scope(actor=request.user))
        self.finding = self._source(request, "finding", Finding.objects.for_user(request.user))

    def _source(self, request, key, seen):
        value = request.GET.get(key) or request.POST.get(key)
        if not value:
            return None
        try:
            return seen.get(pk=int(value), institution=self.inst)
        except (ValueError, ObjectDoesNotExist):
            raise Http404 from None

    def render_form(self, request, form, status=200):
        context = {"institution": self.inst, "form": form, "warning": self.warning, "finding": self.finding}
        return render(request, "inspections/interview_form.html", context, status=status)

    def get(self, request, pk):
        initial = {"lead_interviewer": request.user.pk}
        source = self.warning or self.finding
        if source is not None:
            initial["reasons"] = source.title
        return self.render_form(request, InterviewForm(institution=self.inst, initial=initial))

    def post(self, request, pk):
        form = InterviewForm(request.POST, institution=self.inst)
        if form.is_valid():
            try:
                interview = s.interview_create(
                    by=request.user,
                    institution=self.inst,
                    warning=self.warning,
                    finding=self.finding,
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The interview is prepared; issue its notice next."))
                return redirect("measures:interview_detail", pk=interview.pk)
        return self.render_form(request, form, status=400)


class InterviewMixin:
    def load(self, request, pk, **kwargs):
        try:
            self.interview = (
                selectors.interview_list(actor=request.user).select_related("institution__county").get(pk=pk)
            )
        except Interview.DoesNotExist:
            raise Http404 from None


class InterviewDetailView(InterviewMixin, StaffView):
    def get(self, request, pk):
        return self.page(request)

    def page(self, request, *, notice_form=None, hold_form=None, status=200):
        interview, user = self.interview, request.user
        runs = can(user, Action.INTERVIEW_RUN)
        preparing = interview.status == InterviewStatus.PREPARING
        return render(
            request,
            "inspections/interview_detail.html",
            {
                "interview": interview,
                "documents": selectors.issued_documents(actor=user, interview=interview),
                "notice_form": (notice_form or NoticeForm())
                if runs and preparing and interview.notified_at is None
                else None,
                "hold_form": (hold_form or HoldForm()) if runs and preparing and interview.notified_at else None,
                "can_archive": runs and interview.status == InterviewStatus.HELD,
            },
            status=status,
        )


class InterviewNotifyView(InterviewMixin, StaffView):
    action = Action.INTERVIEW_RUN
    http_method_names = ["post"]

    def post(self, request, pk):
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                s.interview_notify(
                    by=request.user,
                    interview=self.interview,
                    materials=_lines(form.cleaned_data["materials"]),
                    contact=form.cleaned_data["contact"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The interview notice is issued."))
                return redirect("measures:interview_detail", pk=pk)
        return InterviewDetailView.page(self, request, notice_form=form, status=400)


class InterviewHoldView(InterviewMixin, StaffView):
    action = Action.INTERVIEW_RUN
    http_method_names = ["post"]

    def post(self, request, pk):
        form = HoldForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                s.interview_hold(
                    by=request.user,
                    interview=self.interview,
                    memo=data["memo"],
                    held_at=data["held_at"],
                    requirements=_lines(data["requirements"]),
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The interview memo is recorded."))
                return redirect("measures:interview_detail", pk=pk)
        return InterviewDetailView.page(self, request, hold_form=form, status=400)


class InterviewArchiveView(InterviewMixin, StaffView):
    action = Action.INTERVIEW_RUN
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            s.interview_archive(by=request.user, interview=self.interview)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The interview is archived."))
        return redirect("measures:interview_detail", pk=pk)


# -- Timeline and case file --------------------------------------------------------------------


TIMELINE_KINDS = {
    "filing": gettext_lazy("Filings"),
    "warning": gettext_lazy("Risk warnings"),
    "inspection": gettext_lazy("Inspections"),
    "escalation": gettext_lazy("Escalations"),
    "rectification": gettext_lazy("Rectification"),
    "follow_up": gettext_lazy("Follow-up visits"),
    "interview": gettext_lazy("Executive interviews"),
    "measure": gettext_lazy("Supervisory measures"),
    "document": pgettext_lazy("timeline", "Official documents"),  # the office's own, not an applicant's
    "rating": gettext_lazy("Classification ratings"),
}


class TimelineView(StaffView):
    """Newest first; ?kind= keeps one kind of event."""

    def get(self, request, pk):
        institution, user = self.institution(request, pk), request.user
        entries = institution_timeline(user=user, institution=institution)
        kind = request.GET.get("kind", "")
        kinds = [(k, TIMELINE_KINDS.get(k, k)) for k in sorted({e.kind for e in entries})]
        if kind:
            entries = [e for e in entries if e.kind == kind]
        rows = [(e, TIMELINE_KINDS.get(e.kind, e.kind)) for e in reversed(entries)]
        context = {
            "institution": institution,
            "rows": rows,
            "kinds": kinds,
            "kind": kind,
            "can_measure": can(user, Action.INSPECTION_RUN) or can_decide(user, institution),
            "can_interview": can(user, Action.INTERVIEW_RUN),
        }
        return render(request, "inspections/timeline_page.html", context)


class CasefileView(StaffView):
    """POST: builds and downloads the case file (an audited export)."""

    http_method_names = ["post"]

    def load(self, request, pk, **kwargs):
        try:
            self.inspection = selectors.inspection_get(actor=request.user, pk=pk)
        except Inspection.DoesNotExist:
            raise Http404 from None

    def post(self, request, pk):
        try:
            content = casefile_build(self.inspection, request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "inspections/casefile_error.html", {"inspection": self.inspection}, status=503)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{casefile_name(self.inspection)}"'
        return response
