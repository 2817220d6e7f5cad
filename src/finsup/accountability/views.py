"""Pages of accountability cases and their transfers: parse, call one selector or service, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from finsup.accounts.policies import Action, can, can_view_duty_account
from finsup.core.errors import ApplicationError
from finsup.duties import selectors as duties
from finsup.web.forms import add_service_error
from finsup.web.lists import DATE, NAME, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import selectors, services
from .choices import SUPERVISING_BODIES, CaseStatus, TransferStatus
from .errors import Code
from .forms import (
    CaseCloseForm,
    CaseDecisionForm,
    CaseOpenForm,
    CaseStepForm,
    TransferAnswerForm,
    TransferSendForm,
    TransferSuperviseForm,
)

CASE_COLUMNS = (
    Column("number", gettext_lazy("number"), "number", order=("opened_at",)),
    Column("title", gettext_lazy("title"), "title", kind=NAME, order=("title",)),
    Column("subject", gettext_lazy("case against"), lambda c: str(c.subject)),
    Column("subject_kind", gettext_lazy("kind"), "get_subject_kind_display", table=False),
    Column("office", gettext_lazy("office"), "office.short_name", kind=NAME, order=("office__short_name",)),
    Column("opened", gettext_lazy("opened at"), "opened_at", kind=DATE, order=("opened_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("decision", gettext_lazy("decision"), "get_decision_display", order=("decision",)),
)


class CaseListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.CASE_VIEW
    template_name = "accountability/case_list.html"
    context_object_name = "cases"
    columns = CASE_COLUMNS
    default_sort = "-opened"
    export_title = gettext_lazy("Accountability cases")

    def get_queryset(self):
        return selectors.case_list(actor=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=CaseStatus.choices,
            current=self.request.GET,
            can_open=can(self.request.user, Action.CASE_MANAGE),
            can_view_duties=can_view_duty_account(self.request.user),
            **kwargs,
        )


class CaseOpenView(ScopedViewMixin, View):
    """GET: the form, pre-filled from the duties page (?source=app.model:pk&item=N); POST: open."""

    action = Action.CASE_MANAGE

    def _form(self, data=None):
        query = self.request.GET
        sources = [s for s in query.getlist("source") if services.linkable_record(actor=self.request.user, source=s)]
        if data is not None:
            sources = data.getlist("sources")
        initial = {"items": [int(i) for i in query.getlist("item") if i.isdigit()], "sources": sources}
        return CaseOpenForm(
            data,
            initial=initial,
            staff=selectors.subject_staff_choices(actor=self.request.user),
            actor_office=self.request.user.office,
            sources=sources,
        )

    def _render(self, form, status=200):
        records = [services.linkable_record(actor=self.request.user, source=s) for s in form["sources"].value() or []]
        records = [(r, services.record_label(r)) for r in records if r is not None]
        return render(self.request, "accountability/case_open.html", {"form": form, "records": records}, status=status)

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                case = services.case_open(by=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Case %(number)s is opened.") % {"number": case.number})
                return redirect(case)
        return self._render(form, status=400)


class CaseMixin(ScopedObjectMixin):
    object_name = "case"

    def load_object(self, actor, pk):
        return selectors.case_get(actor=actor, pk=pk)

    def page_context(self, **forms) -> dict:
        user, case = self.request.user, self.case
        manage = can(user, Action.CASE_MANAGE) and user.office is not None and user.office.contains(case.office)
        open_transfer = selectors.case_open_transfer(case=case)
        answer = (
            open_transfer is not None
            and can(user, Action.TRANSFER_RESPOND)
            and user.is_oversight_user
            and user.oversight_body == open_transfer.to_body
        )
        supervise = open_transfer is not None and (
            manage or (user.is_oversight_user and user.oversight_body in SUPERVISING_BODIES and not answer)
        )
        return {
            "case": case,
            "items": [duties.item(i) for i in case.items],
            "events": selectors.case_history(case=case),
            "transfers": selectors.case_transfers_with_letters(actor=user, case=case),
            "decision_paper": selectors.case_decision_paper(actor=user, case=case),
            "links": case.links.all(),
            "open_transfer": open_transfer,
            "can_manage": manage and case.status != CaseStatus.CLOSED,
            "can_step": manage and case.status in (CaseStatus.OPEN, CaseStatus.INVESTIGATING),
            "can_send": manage and open_transfer is None and case.status in (CaseStatus.OPEN, CaseStatus.INVESTIGATING),
            "can_decide": manage and open_transfer is None and case.status == CaseStatus.INVESTIGATING,
            "can_close": manage and case.status == CaseStatus.DECIDED,
            "can_answer": answer,
            "can_accept": answer and open_transfer.status == TransferStatus.SENT,
            "can_conclude": answer and open_transfer.status == TransferStatus.ACCEPTED,
            "can_supervise": supervise,
            "step_form": forms.get("step_form") or CaseStepForm(),
            "decision_form": forms.get("decision_form") or CaseDecisionForm(),
            "close_form": forms.get("close_form") or CaseCloseForm(),
            "send_form": forms.get("send_form") or TransferSendForm(),
            "answer_form": forms.get("answer_form") or TransferAnswerForm(),
            "supervise_form": forms.get("supervise_form") or TransferSuperviseForm(),
        }


class CaseDetailView(CaseMixin, ScopedViewMixin, View):
    action = Action.CASE_VIEW

    def get(self, request, pk):
        return render(request, "accountability/case_detail.html", self.page_context())


class CasePostView(CaseMixin, ServicePostMixin, ScopedViewMixin, View):
    action = Action.CASE_MANAGE
    page_template = "accountability/case_detail.html"

    def get_success_url(self) -> str:
        return self.case.get_absolute_url()


class CaseStepView(CasePostView):
    form_class, form_name = CaseStepForm, "step_form"

    def call(self, form):
        services.case_step(case=self.case, by=self.request.user, **form.cleaned_data)
        return _("The step is recorded.")


class CaseDecideView(CasePostView):
    form_class, form_name = CaseDecisionForm, "decision_form"

    def call(self, form):
        services.case_decide(case=self.case, by=self.request.user, **form.cleaned_data)
        return _("The decision is recorded.")


class CaseCloseView(CasePostView):
    form_class, form_name = CaseCloseForm, "close_form"

    def call(self, form):
        services.case_close(case=self.case, by=self.request.user, note=form.cleaned_data["note"])
        return _("The case is closed.")


class TransferSendView(CasePostView):
    form_class, form_name = TransferSendForm, "send_form"

    def call(self, form):
        transfer = services.transfer_send(case=self.case, by=self.request.user, **form.cleaned_data)
        return _("The case is sent to %(body)s.") % {"body": transfer.get_to_body_display()}


class TransferAnswerView(CasePostView):
    """The receiving body's answer to the open transfer: accept, return or conclude."""

    action = Action.TRANSFER_RESPOND
    form_class, form_name = TransferAnswerForm, "answer_form"

    def call(self, form):
        transfer = selectors.case_open_transfer(case=self.case)
        if transfer is None:
            raise ApplicationError(_("The case is not with another body."), code=Code.CASE_NOT_TRANSFERRED)
        answer, text, by = form.cleaned_data["answer"], form.cleaned_data["text"], self.request.user
        if answer == "accept":
            services.transfer_accept(transfer=transfer, by=by, note=text)
            return _("The transfer is accepted.")
        if answer == "return":
            services.transfer_return(transfer=transfer, by=by, reason=text)
            return _("The case is returned to the office.")
        services.transfer_conclude(transfer=transfer, by=by, conclusion=text)
        return _("The conclusion is recorded.")


class TransferSuperviseView(CasePostView):
    # Leaders of the office or the discipline commission: both have CASE_VIEW; the service decides.
    action = Action.CASE_VIEW
    form_class, form_name = TransferSuperviseForm, "supervise_form"

    def call(self, form):
        transfer = selectors.case_open_transfer(case=self.case)
        if transfer is None:
            raise ApplicationError(_("The case is not with another body."), code=Code.CASE_NOT_TRANSFERRED)
        services.transfer_supervise(transfer=transfer, by=self.request.user, **form.cleaned_data)
        return _("The supervision is recorded and the body is told.")
