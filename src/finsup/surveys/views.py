"""Pages of special surveys: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.accounts.selectors import office_scope
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institution_scope
from finsup.partners.selectors import partner_list
from finsup.reporting.validation import entered_values, json_to_stored
from finsup.web import lists
from finsup.web.forms import add_service_error
from finsup.web.lists import Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin

from . import selectors, services
from .choices import AnswerChannel, FieldUnit, RecipientState
from .definition import version_of
from .display import figure_text, return_rows, totals_rows
from .excel import XLSX_CONTENT_TYPE, answer_upload, consolidation_workbook, survey_template
from .forms import AnswerForm, DeadlineForm, SurveyForm, UploadForm, check_rows, checks_from, item_rows, items_from

SURVEY_COLUMNS = (
    Column("title", gettext_lazy("title"), "title", kind=lists.NAME, order=("title",)),
    Column("office", gettext_lazy("sending office"), "office.short_name", kind=lists.NAME, order=("office__code",)),
    Column("deadline", gettext_lazy("deadline"), "deadline", kind=lists.DATE, order=("deadline",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response


class SurveyListView(ScopedViewMixin, ListPageMixin, ListView):
    """Staff: the surveys of their jurisdiction (sent tab) and those sent to their office (received
    tab); institutions: the surveys sent to them."""

    action = Action.SURVEY_VIEW
    template_name = "surveys/survey_list.html"
    context_object_name = "surveys"
    columns = SURVEY_COLUMNS
    default_sort = "-deadline"
    export_title = gettext_lazy("Special surveys")

    def tab(self) -> str:
        if self.request.user.is_institution_user or self.request.user.is_partner_user:
            return "received"
        return "received" if self.request.GET.get("tab") == "received" else "sent"

    def get_queryset(self):
        if self.tab() == "received":
            return selectors.survey_list(actor=self.request.user).none()
        return selectors.survey_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        received = []
        if self.tab() == "received":
            today = clock.today()
            received = [(r, selectors.state_of(r, today)) for r in selectors.requests_received(actor=self.request.user)]
        return super().get_context_data(
            tab=self.tab(),
            received=received,
            can_manage=can(self.request.user, Action.SURVEY_MANAGE) and self.request.user.office_id is not None,
            states=RecipientState,
            **kwargs,
        )


def _whom(data) -> dict:
    return {"institutions": data["institutions"], "offices": data["offices"], "partners": data["partners"]}


def _recipient_choices(user):
    institutions = institution_scope(actor=user).select_related("county").order_by("county__path", "name")
    offices = office_scope(actor=user).exclude(pk=user.office_id).order_by("path")
    return institutions, offices, partner_list(actor=user)


class SurveyFormMixin:
    template_name = "surveys/survey_form.html"

    def form(self, data=None, **kwargs):
        institutions, offices, partners = _recipient_choices(self.request.user)
        return SurveyForm(data, institutions=institutions, offices=offices, partners=partners, **kwargs)

    def save(self, form, items, checks, call, done: str, survey=None):
        """Calls the service with the form's data; back to the form with every problem otherwise."""
        if form.is_valid():
            try:
                saved = call(form.cleaned_data)
            except ApplicationError as exc:
                self.definition_errors = [m for _f, m in exc.errors]
                add_service_error(form, exc)
            else:
                messages.success(self.request, done)
                return redirect(saved)
        return self.page(form, items, checks, status=400, survey=survey)

    def page(self, form, items, checks, status=200, survey=None):
        context = {
            "form": form,
            "survey": survey,
            "forwarded": survey is not None and survey.forwarded_from_id is not None,
            "items": item_rows(items),
            "checks": check_rows(checks),
            "units": FieldUnit.choices,
            "errors": getattr(self, "definition_errors", []),
        }
        return render(self.request, self.template_name, context, status=status)


class SurveyCreateView(SurveyFormMixin, ScopedViewMixin, View):
    action = Action.SURVEY_MANAGE

    def get(self, request):
        return self.page(self.form(), [], [])

    def post(self, request):
        form = self.form(request.POST)
        items, checks = items_from(request.POST), checks_from(request.POST)

        def create(data):
            return services.survey_create(
                by=request.user, office=request.user.office, data=data, fields=items, checks=checks, **_whom(data)
            )

        return self.save(form, items, checks, create, _("The survey is saved as a draft."))


class SurveyMixin(ScopedObjectMixin):
    object_name = "survey"

    def load_object(self, actor, pk):
        return selectors.survey_get(actor=actor, pk=pk)


class SurveyDetailView(SurveyMixin, ScopedViewMixin, TemplateView):
    action = Action.SURVEY_VIEW
    template_name = "surveys/survey_detail.html"

    def get_context_data(self, **kwargs):
        survey = self.survey
        user = self.request.user
        manage = can(user, Action.SURVEY_MANAGE)
        result = None if survey.is_draft else selectors.consolidation(survey)
        return super().get_context_data(
            survey=survey,
            version=version_of(survey.definition),
            recipients=survey.recipients.select_related("institution", "office", "partner"),
            result=result,
            totals=totals_rows(result) if result else [],
            returns=return_rows(result) if result else [],
            can_edit=manage and survey.is_draft,
            can_rerun=manage and not survey.is_draft and survey.forwarded_from_id is None,
            deadline_form=DeadlineForm(),
            states=RecipientState,
            **kwargs,
        )


class SurveyEditView(SurveyFormMixin, SurveyMixin, ScopedViewMixin, View):
    action = Action.SURVEY_MANAGE

    def get(self, request, pk):
        s = self.survey
        if not s.is_draft:
            return redirect(s)
        initial = {
            "title": s.title,
            "basis": s.basis,
            "deadline": s.deadline,
            "institutions": [r.institution_id for r in s.recipients.all() if r.institution_id],
            "offices": [r.office_id for r in s.recipients.all() if r.office_id],
            "partners": [r.partner_id for r in s.recipients.all() if r.partner_id],
        }
        form = self.form(initial=initial, forwarded=s.forwarded_from_id is not None)
        return self.page(form, s.fields, s.checks, survey=s)

    def post(self, request, pk):
        s = self.survey
        forwarded = s.forwarded_from_id is not None
        form = self.form(request.POST, forwarded=forwarded, initial={"title": s.title, "basis": s.basis})
        items = s.fields if forwarded else items_from(request.POST)
        checks = s.checks if forwarded else checks_from(request.POST)

        def update(data):
            fields = None if forwarded else items
            return services.survey_update(
                survey=s, by=request.user, data=data, fields=fields, checks=checks, **_whom(data)
            )

        return self.save(form, items, checks, update, _("The draft is saved."), survey=s)


class SurveySendView(SurveyMixin, ScopedViewMixin, View):
    action = Action.SURVEY_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.survey_send(survey=self.survey, by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(self.survey)
        messages.success(request, _("The survey is sent."))
        return redirect(self.survey)


class SurveyRerunView(SurveyMixin, ScopedViewMixin, View):
    """The survey again for the next period: a draft with the same items and recipients."""

    action = Action.SURVEY_MANAGE
    http_method_names = ["post"]
    form_class = DeadlineForm

    def post(self, request, pk):
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the deadline."))
            return redirect(self.survey)
        try:
            copy = services.survey_rerun(survey=self.survey, by=request.user, deadline=form.cleaned_data["deadline"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(self.survey)
        messages.success(request, _("A new draft for the next period is made; check it and send it."))
        return redirect(copy)


class SurveyExportView(SurveyMixin, ScopedViewMixin, View):
    action = Action.SURVEY_VIEW

    def get(self, request, pk):
        if self.survey.is_draft:
            raise Http404
        content = consolidation_workbook(selectors.consolidation(self.survey))
        return _xlsx(content, f"{self.survey.title}_汇总.xlsx")


class RequestMixin(ScopedObjectMixin):
    object_name = "recipient"

    def load_object(self, actor, pk):
        return selectors.request_get(actor=actor, pk=pk)


class RequestView(RequestMixin, ScopedViewMixin, View):
    """A survey as its respondent answers it (web form, Excel template), and as the staff above read
    its answers; an office that received it may forward it to the offices and institutions below."""

    action = Action.SURVEY_VIEW

    def context(self, **forms) -> dict:
        r = self.recipient
        user = self.request.user
        version = version_of(r.survey.definition)
        answers = list(selectors.answers_of(r))
        latest = answers[0] if answers else None
        respondent = services.may_answer(user, r)
        initial = entered_values(version, latest.values) if latest else {}
        stored = json_to_stored(version, latest.values) if latest else {}
        forward = selectors.forward_of(r)
        return {
            "recipient": r,
            "survey": r.survey,
            "version": version,
            "answers": answers,
            "latest": latest,
            "latest_values": [(f, figure_text(f, stored.get(f.id))) for f in version.fields] if latest else [],
            "state": selectors.state_of(r),
            "states": RecipientState,
            "respondent": respondent,
            "answer_form": forms.get("answer_form")
            or AnswerForm(version=version, initial_values=initial, correcting=latest is not None),
            "upload_form": forms.get("upload_form"),
            "upload_errors": forms.get("upload_errors", []),
            "forward": forward,
            "can_forward": respondent
            and r.office_id is not None
            and forward is None
            and can(user, Action.SURVEY_MANAGE),
            "can_see_forward": forward is not None and selectors.survey_list(actor=user).filter(pk=forward.pk).exists(),
            "channels": AnswerChannel,
        }

    def get(self, request, pk):
        return render(request, "surveys/request.html", self.context())

    def post(self, request, pk):
        r = self.recipient
        form = AnswerForm(request.POST, version=version_of(r.survey.definition))
        if form.is_valid():
            try:
                services.answer_submit(
                    recipient=r,
                    by=request.user,
                    raw=form.raw(),
                    channel=AnswerChannel.WEB,
                    correction_reason=form.reason(),
                )
            except ApplicationError as exc:
                _add_answer_errors(form, exc)
            else:
                messages.success(request, _("The answer is submitted."))
                return redirect(r)
        status = 403 if not services.may_answer(request.user, r) else 400
        return render(request, "surveys/request.html", self.context(answer_form=form), status=status)


def _add_answer_errors(form, exc: ApplicationError) -> None:
    if not exc.errors:
        add_service_error(form, exc)
        return
    for field, message in exc.errors:
        name = f"v_{field}"
        form.add_error(name if name in form.fields else None, message)


class RequestTemplateView(RequestMixin, ScopedViewMixin, View):
    action = Action.SURVEY_VIEW

    def get(self, request, pk):
        filename, content = survey_template(self.recipient)
        return _xlsx(content, filename)


class RequestUploadView(RequestMixin, ScopedViewMixin, View):
    action = Action.SURVEY_VIEW
    http_method_names = ["post"]

    def post(self, request, pk):
        r = self.recipient
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "surveys/request.html", RequestView.context(self, upload_form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            answer_upload(
                recipient=r,
                by=request.user,
                file=upload,
                file_name=upload.name,
                correction_reason=form.cleaned_data["correction_reason"],
            )
        except ApplicationError as exc:
            errors = [m for _f, m in exc.errors] or [exc.message]
            context = RequestView.context(self, upload_form=form, upload_errors=errors)
            context["upload_message"] = exc.message
            status = 403 if not services.may_answer(request.user, r) else 422
            return render(request, "surveys/request.html", context, status=status)
        messages.success(request, _("The answer is submitted from the workbook."))
        return redirect(r)


class RequestForwardView(RequestMixin, ScopedViewMixin, View):
    """The office that received the survey sends it on: a draft of its own to complete and send."""

    action = Action.SURVEY_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            survey = services.survey_forward(recipient=self.recipient, by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(self.recipient)
        messages.success(request, _("Choose the offices and institutions below and send the survey on."))
        return redirect("surveys:edit", pk=survey.pk)
