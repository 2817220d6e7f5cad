"""Licensing pages: parse the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.documents.selectors import documents_of
from finsup.institutions.selectors import key_person_scope
from finsup.web.forms import add_service_error
from finsup.web.lists import DATE, DATETIME, INSTITUTION, NAME, NUMBER, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin, ServiceStepMixin

from . import selectors, services
from .choices import APPROVAL_KINDS, ApplicationStatus, ReviewOutcome, ReviewStatus
from .forms import (
    ApplicationForm,
    CheckForm,
    ConcludeForm,
    DocumentForm,
    FitAndProperForm,
    ProvinceDecisionForm,
    ReviewOpenForm,
    StepForm,
)
from .models import AnnualReview, Application, ApplicationDocument, ReviewCheck

SERVICE_ERRORS = (ApplicationError, ValidationError)

# -- Annual review -----------------------------------------------------------------------------


REVIEW_COLUMNS = (
    Column("year", gettext_lazy("year reviewed"), "year", kind=NUMBER, order=("year",)),
    INSTITUTION,
    Column("kind", gettext_lazy("kind"), "institution.get_kind_display", table=False),
    Column(
        "county",
        gettext_lazy("county"),
        "institution.county.short_name",
        kind=NAME,
        order=("institution__county__code",),
    ),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("outcome", gettext_lazy("outcome"), "get_outcome_display", order=("outcome",)),
    Column("due", gettext_lazy("rectification due"), "rectification_due", kind=DATE, order=("rectification_due",)),
)


class ReviewListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.ANNUAL_REVIEW_VIEW
    template_name = "licensing/review_list.html"
    columns = REVIEW_COLUMNS
    export_title = gettext_lazy("Annual reviews")

    def get_queryset(self):
        year = self.request.GET.get("year", "")
        return selectors.review_list(
            actor=self.request.user,
            year=int(year) if year.isdigit() else None,
            outcome=self.request.GET.get("outcome", ""),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_open=can(self.request.user, Action.ANNUAL_REVIEW_RUN), outcomes=ReviewOutcome.choices, **kwargs
        )


class ReviewOpenView(ScopedViewMixin, FormView):
    action = Action.ANNUAL_REVIEW_RUN
    template_name = "licensing/form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"year": clock.today().year - 1, "institution": self.request.GET.get("institution")}

    def get_form_class(self):
        return ReviewOpenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Open an annual review"), **kwargs)

    def form_valid(self, form):
        try:
            review = services.annual_review_open(by=self.request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        return redirect(review.get_absolute_url())


class ReviewMixin:
    """Loads the review of the URL through the scoped selector before the method is checked."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.review = selectors.review_get(actor=request.user, pk=kwargs["pk"])
            except AnnualReview.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def review_context(self, *, check_errors=None, conclude_form=None) -> dict:
        user, review = self.request.user, self.review
        editable = review.status == ReviewStatus.OPEN
        checks = list(review.checks.all())
        can_run = editable and can(user, Action.ANNUAL_REVIEW_RUN)
        forms = {}
        if can_run:
            for c in checks:
                forms[c.pk] = (check_errors or {}).get(c.pk) or CheckForm(
                    initial={"result": c.result, "evidence": c.evidence, "remark": c.remark}, prefix=f"c{c.pk}"
                )
        can_conclude = editable and can(user, Action.ANNUAL_REVIEW_CONCLUDE)
        documents = documents_of(actor=user, subject=review)
        return {
            "review": review,
            "documents": documents,
            "can_draft_notice": review.status == ReviewStatus.CONCLUDED
            and can(user, Action.ANNUAL_REVIEW_RUN)
            and not documents.exists(),
            "rows": [(c, forms.get(c.pk)) for c in checks],
            "conclude_form": (conclude_form or ConcludeForm()) if can_conclude else None,
            "consequences": services.review_consequences(review),
        }


class ReviewDetailView(ReviewMixin, ScopedViewMixin, TemplateView):
    action = Action.ANNUAL_REVIEW_VIEW
    template_name = "licensing/review_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.review_context(), **kwargs)


class ReviewCheckView(ReviewMixin, ScopedViewMixin, View):
    action = Action.ANNUAL_REVIEW_RUN
    http_method_names = ["post"]

    def post(self, request, pk, check_pk):
        check = get_object_or_404(ReviewCheck.objects.for_user(request.user), pk=check_pk, review=self.review)
        form = CheckForm(request.POST, prefix=f"c{check.pk}")
        if form.is_valid():
            try:
                services.annual_review_check_update(by=request.user, check=check, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.review.get_absolute_url())
        context = self.review_context(check_errors={check.pk: form})
        return render(request, "licensing/review_detail.html", context, status=400)


class ReviewConcludeView(ReviewMixin, ScopedViewMixin, View):
    action = Action.ANNUAL_REVIEW_CONCLUDE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ConcludeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.annual_review_conclude(
                    by=request.user,
                    review=self.review,
                    outcome=data["outcome"],
                    reason=data["reason"],
                    consequences=data["consequences"] or None,
                    rectification_due=data["rectification_due"],
                )
            except SERVICE_ERRORS as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The review is concluded."))
                return redirect(self.review.get_absolute_url())
        return render(request, "licensing/review_detail.html", self.review_context(conclude_form=form), status=400)


class ReviewNoticeView(ReviewMixin, ServiceStepMixin, ScopedViewMixin, View):
    """Drafts the notice of the conclusion to the institution (年审结论通知书)."""

    action = Action.ANNUAL_REVIEW_RUN

    def step(self) -> str:
        services.annual_review_notice_draft(by=self.request.user, review=self.review)
        return _("The notice of the conclusion is drafted; it is checked and signed off before it is issued.")

    def get_success_url(self) -> str:
        return self.review.get_absolute_url()


# -- Applications ------------------------------------------------------------------------------


APPLICATION_COLUMNS = (
    Column("filed", gettext_lazy("filed at"), "filed_at", kind=DATETIME, order=("filed_at",)),
    Column("type", gettext_lazy("type"), "get_type_display", order=("type",)),
    Column("institution", gettext_lazy("institution"), "subject_name", kind=NAME),
    Column("county", gettext_lazy("county office"), "county.short_name", kind=NAME, order=("county__code",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("due", gettext_lazy("step due"), "step_due", kind=DATE),
)


class ApplicationListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.LICENSING_VIEW
    template_name = "licensing/application_list.html"
    columns = APPLICATION_COLUMNS
    export_title = gettext_lazy("Licensing applications")

    def get_queryset(self):
        self.status = self.request.GET.get("status", "open")
        return selectors.application_list(actor=self.request.user, status=self.status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_file=can(self.request.user, Action.APPLICATION_FILE),
            can_review_list=can(self.request.user, Action.ANNUAL_REVIEW_VIEW),
            status=self.status,
            statuses=ApplicationStatus.choices,
            today=clock.today(),
            **kwargs,
        )


class ApplicationFileView(ScopedViewMixin, FormView):
    action = Action.APPLICATION_FILE
    template_name = "licensing/form.html"

    def get_form_class(self):
        return ApplicationForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("File a licensing application"), multipart=True, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            application = services.application_file(
                by=self.request.user,
                type=data["type"],
                institution=data.get("institution"),
                county=data.get("county"),
                proposed_name=data.get("proposed_name", ""),
                proposed_kind=data.get("proposed_kind", ""),
                change_kinds=data["change_kinds"],
                proposed_values=form.proposed_values(),
                resolution_date=data["resolution_date"],
                description=data["description"],
                documents=[(data["document_title"], data["document"])],
            )
        except SERVICE_ERRORS as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The application is filed."))
        return redirect(application.get_absolute_url())


class ApplicationMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.application = selectors.application_get(actor=request.user, pk=kwargs["pk"])
            except Application.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def application_context(self, *, step_form=None, document_form=None) -> dict:
        user, app = self.request.user, self.application
        steps = selectors.application_next_steps(actor=user, application=app)
        open_ = app.status not in (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED)
        province = app.status == ApplicationStatus.FORWARDED
        return {
            "application": app,
            "events": app.events.select_related("by"),
            "documents": app.documents.select_related("uploaded_by"),
            "steps": [(s, ApplicationStatus(s).label) for s in steps],
            "step_form": (step_form or step_form_class(app)()) if steps else None,
            "province_deciding": province,
            "province_decision": selectors.province_decision(application=app),
            "document_form": (document_form or DocumentForm())
            if open_ and can(user, Action.APPLICATION_FILE)
            else None,
            "today": clock.today(),
        }


def step_form_class(application):
    """The province decides a forwarded application with its own form (its document number required)."""
    return ProvinceDecisionForm if application.status == ApplicationStatus.FORWARDED else StepForm


class ApplicationDetailView(ApplicationMixin, ScopedViewMixin, TemplateView):
    action = Action.LICENSING_VIEW
    template_name = "licensing/application_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.application_context(), **kwargs)


class ApplicationStepView(ApplicationMixin, ScopedViewMixin, View):
    action = Action.APPLICATION_REVIEW
    http_method_names = ["post"]

    def post(self, request, pk):
        form = step_form_class(self.application)(request.POST)
        if form.is_valid():
            try:
                app = services.application_step(by=request.user, application=self.application, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The application is now “%(s)s”.") % {"s": app.get_status_display()})
                return redirect(app.get_absolute_url())
        context = self.application_context(step_form=form)
        return render(request, "licensing/application_detail.html", context, status=400)


class ApplicationDocumentAddView(ApplicationMixin, ScopedViewMixin, View):
    action = Action.APPLICATION_FILE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.application_document_add(
                    by=request.user,
                    application=self.application,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except SERVICE_ERRORS as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The document is attached."))
                return redirect(self.application.get_absolute_url())
        context = self.application_context(document_form=form)
        return render(request, "licensing/application_detail.html", context, status=400)


class ApplicationDocumentView(ScopedViewMixin, View):
    action = Action.LICENSING_VIEW

    def get(self, request, pk, doc_pk):
        document = get_object_or_404(ApplicationDocument.objects.for_user(request.user), pk=doc_pk, application_id=pk)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


# -- Fit-and-proper ----------------------------------------------------------------------------


class FitAndProperDecideView(ScopedViewMixin, FormView):
    action = Action.FIT_AND_PROPER_DECIDE
    template_name = "licensing/fit_and_proper.html"
    form_class = FitAndProperForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            self.person = get_object_or_404(
                key_person_scope(actor=request.user).select_related("institution"), pk=kwargs["kp"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        person = self.person
        return super().get_context_data(
            person=person,
            institution=person.institution,
            needs_approval=person.institution.kind in APPROVAL_KINDS,
            decisions=person.fit_and_proper_decisions.select_related("by"),
            trainings=person.trainings.all(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.fit_and_proper_decide(by=self.request.user, person=self.person, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision is recorded."))
        return redirect(f"{self.person.institution.get_absolute_url()}?tab=people")
