"""Pages of administrative-penalty cases: parse, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from finsup.accounts.policies import Action, can, may
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.lists import DATE, INSTITUTION, INSTITUTION_OFFICE, MONEY, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import forms, selectors, services
from .choices import CaseStatus, PaperKind
from .errors import Code
from .models import CasePaper

CASE_COLUMNS = (
    INSTITUTION,
    INSTITUTION_OFFICE,
    Column("rule", gettext_lazy("rule breached"), "rule_breached"),
    Column("proposed", gettext_lazy("proposed at"), "proposed_at", kind=DATE, order=("proposed_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("fine", gettext_lazy("fine"), "fine_amount", kind=MONEY, order=("fine_amount",)),
)


class CaseListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.PENALTY_VIEW
    template_name = "penalties/case_list.html"
    context_object_name = "cases"
    columns = CASE_COLUMNS
    default_sort = "-proposed"
    export_title = gettext_lazy("Administrative penalty cases")

    def get_queryset(self):
        return selectors.case_list(actor=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=CaseStatus.choices,
            current=self.request.GET,
            can_propose=can(self.request.user, Action.PENALTY_PREPARE),
            **kwargs,
        )


class CaseProposeView(ScopedViewMixin, View):
    action = Action.PENALTY_PREPARE

    def _form(self, data=None):
        institutions = selectors.institutions_for_cases(actor=self.request.user)
        return forms.ProposeForm(
            data, institutions=institutions, initial={"institution": self.request.GET.get("institution")}
        )

    def get(self, request):
        return render(request, "penalties/case_new.html", {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                case = services.case_propose(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The case is proposed; a leader approves its opening."))
                return redirect(case)
        return render(request, "penalties/case_new.html", {"form": form}, status=400)


@dataclass(frozen=True)
class Step:
    action: Action
    form: type
    call: Callable  # (view, cleaned_data) -> None
    done: str  # the message after the step


def _paper(view, data) -> CasePaper:
    try:
        return selectors.case_paper_get(case=view.case, pk=data.pop("paper"))
    except CasePaper.DoesNotExist:
        raise ApplicationError(
            _("This paper is not of this case."), field="paper", code=Code.DOCUMENT_NOT_OF_CASE
        ) from None


def _call(service):
    return lambda view, data: service(by=view.request.user, case=view.case, **data)


def _on_paper(service):
    def call(view, data):
        paper = _paper(view, data)
        return service(by=view.request.user, case=view.case, paper=paper, **data)

    return call


PREPARE, DECIDE = Action.PENALTY_PREPARE, Action.PENALTY_DECIDE
STEPS: dict[str, Step] = {
    "approve": Step(DECIDE, forms.OpinionForm, _call(services.case_approve), gettext_lazy("The case is opened.")),
    "close": Step(DECIDE, forms.CloseForm, _call(services.case_close), gettext_lazy("The case is closed.")),
    "evidence": Step(
        PREPARE, forms.EvidenceForm, _call(services.case_record_evidence), gettext_lazy("The evidence is recorded.")
    ),
    "notice": Step(
        PREPARE, forms.NoticeForm, _call(services.case_notice_prepare), gettext_lazy("The prior notice is drafted.")
    ),
    "check": Step(
        Action.DOCUMENT_CHECK, forms.PaperForm, _on_paper(services.paper_check), gettext_lazy("The paper is checked.")
    ),
    "issue": Step(DECIDE, forms.PaperForm, _on_paper(services.paper_issue), gettext_lazy("The paper is signed off.")),
    "serve": Step(PREPARE, forms.ServeForm, _on_paper(services.paper_serve), gettext_lazy("The service is recorded.")),
    "statement": Step(
        PREPARE,
        forms.StatementForm,
        _call(services.case_statement_record),
        gettext_lazy("The statement and defence are recorded."),
    ),
    "waive": Step(PREPARE, forms.WaiveForm, _call(services.case_waive), gettext_lazy("The waiver is recorded.")),
    "hearing_request": Step(
        PREPARE,
        forms.HearingRequestForm,
        _call(services.case_hearing_request),
        gettext_lazy("The hearing request is recorded."),
    ),
    "hearing_schedule": Step(
        PREPARE,
        forms.HearingScheduleForm,
        _call(services.case_hearing_schedule),
        gettext_lazy("The hearing is set and its notice drafted."),
    ),
    "hearing_record": Step(
        PREPARE,
        forms.HearingRecordForm,
        _call(services.case_hearing_record),
        gettext_lazy("The hearing record is kept."),
    ),
    "decision": Step(
        PREPARE,
        forms.DecisionForm,
        _call(services.case_decision_prepare),
        gettext_lazy("The decision is drafted for checking and the leader's sign-off."),
    ),
    "paid": Step(PREPARE, forms.PaidForm, _call(services.case_fine_paid), gettext_lazy("The payment is recorded.")),
    "decide": Step(
        DECIDE,
        forms.DecideForm,
        _call(services.case_decide),
        gettext_lazy("The penalty is decided and its decision issued."),
    ),
}


class CaseMixin(ScopedObjectMixin):
    object_name = "case"

    def load_object(self, actor, pk):
        return selectors.case_get(actor=actor, pk=pk)

    def page_context(self, **given) -> dict:
        user, case = self.request.user, self.case
        prepare = may(user, PREPARE, office=case.institution.county)
        lead = may(user, DECIDE, office=case.office)
        status = case.status
        kind = case.institution.kind
        fine_initial = {"penalty": case.penalty_id}
        if case.proposed_fine is not None:
            fine_initial["fine"] = case.proposed_fine / 10000
        papers = selectors.case_papers(case=case)
        forms_ = {
            name: given.get(name)
            or (
                STEPS[name].form(kind=kind, initial=fine_initial)
                if issubclass(STEPS[name].form, forms.FineForm)
                else STEPS[name].form()
            )
            for name in STEPS
        }
        notified = status in (CaseStatus.NOTIFIED, CaseStatus.HEARING) and case.notice_served_on is not None
        # A leader of the handling office itself signs off (finsup.documents' rule).
        signs = lead and user.office_id == case.office_id
        decision = next((row for row in papers if row.paper.kind == PaperKind.DECISION), None)
        return {
            "case": case,
            "events": selectors.case_history(case=case),
            "papers": papers,
            "deadlines": selectors.case_deadlines(case=case),
            "forms": forms_,
            "can": {
                "approve": lead and status == CaseStatus.PROPOSED,
                "close": lead
                and status in (CaseStatus.PROPOSED, CaseStatus.OPENED, CaseStatus.NOTIFIED, CaseStatus.HEARING),
                "evidence": prepare and status == CaseStatus.OPENED,
                "notice": prepare and status == CaseStatus.OPENED,
                "check": may(user, Action.DOCUMENT_CHECK, office=case.office),
                "issue": signs,
                "serve": prepare,
                "statement": prepare and notified,
                "waive": prepare and notified and case.waived_on is None,
                "hearing_request": prepare and notified and status == CaseStatus.NOTIFIED and case.hearing_available,
                "hearing_schedule": prepare and status == CaseStatus.HEARING and case.hearing_held_on is None,
                "hearing_record": prepare
                and status == CaseStatus.HEARING
                and case.hearing_at is not None
                and case.hearing_held_on is None,
                "decision": prepare and notified,
                "paid": prepare and case.decision_served_on is not None and case.fine_paid_on is None,
                "decide": signs and notified and decision is not None and decision.document.status == "checked",
            },
            "issuable": {PaperKind.PRIOR_NOTICE, PaperKind.HEARING_NOTICE},
            "servable": {PaperKind.PRIOR_NOTICE, PaperKind.HEARING_NOTICE, PaperKind.DECISION},
        }


class CaseDetailView(CaseMixin, ScopedViewMixin, View):
    action = Action.PENALTY_VIEW

    def get(self, request, pk):
        return render(request, "penalties/case_detail.html", self.page_context())


class CaseStepView(CaseMixin, ServicePostMixin, ScopedViewMixin, View):
    """One step of the procedure (`step`, a key of STEPS) as a POST from the case page."""

    page_template = "penalties/case_detail.html"
    step = ""
    action = Action.PENALTY_VIEW  # replaced by the step's own in as_view

    def get_form(self):
        form_class = STEPS[self.step].form
        if issubclass(form_class, forms.FineForm):
            return form_class(self.request.POST, kind=self.case.institution.kind)
        return form_class(self.request.POST)

    @property
    def form_name(self):
        return self.step

    def call(self, form):
        step = STEPS[self.step]
        step.call(self, dict(form.cleaned_data))
        return step.done

    def get_success_url(self) -> str:
        return self.case.get_absolute_url()

    def page_context(self, **forms_) -> dict:
        context = super().page_context(**forms_)
        context["failed"] = self.step
        return context


def step_view(name: str):
    return CaseStepView.as_view(step=name, action=STEPS[name].action)
