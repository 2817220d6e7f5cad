"""Pages of the listing pipeline: parse, call one selector or service, render."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import excel, selectors, services
from .choices import Board, Stage
from .forms import (
    CompanyForm,
    OpinionForm,
    PaymentForm,
    RestructuringForm,
    RestructuringUpdateForm,
    StageForm,
    SubsidyForm,
)


class ListView(ScopedViewMixin, TemplateView):
    action = Action.LISTING_VIEW
    template_name = "listing/list.html"

    def get_context_data(self, **kwargs):
        actor, params = self.request.user, self.request.GET
        counties = list(selectors.counties(actor=actor))
        office = None
        if params.get("county"):
            office = next((c for c in counties if c.code == params["county"]), None)
            if office is None:
                raise Http404
        stage = params.get("stage", "") if params.get("stage", "") in Stage.values else ""
        board = params.get("board", "") if params.get("board", "") in Board.values else ""
        rows = selectors.companies(actor=actor, stage=stage, office=office, board=board)
        return super().get_context_data(
            companies=rows,
            counties=counties if len(counties) > 1 else [],
            county=office,
            stage=stage,
            board=board,
            stages=Stage.choices,
            boards=Board.choices,
            counts=selectors.stage_counts(actor=actor),
            may_handle=can(actor, Action.LISTING_HANDLE),
            **kwargs,
        )


class CompanyCreateView(ScopedViewMixin, View):
    action = Action.LISTING_HANDLE
    template_name = "listing/new.html"

    def _form(self, data=None):
        actor = self.request.user
        counties = selectors.counties(actor=actor)
        initial = {"entered_on": clock.today()}
        if actor.office_id and counties.filter(pk=actor.office_id).exists():
            initial["office"] = actor.office_id
        return CompanyForm(data, counties=counties, initial=initial)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            c = form.cleaned_data
            try:
                company = services.company_register(by=request.user, **c)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                return redirect(company.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


def company_context(request, company, **forms) -> dict:
    actor, today = request.user, clock.today()
    page = selectors.company_page(actor=actor, company=company)
    may_handle = can(actor, Action.LISTING_HANDLE)
    context = {"company": company, "today": today, "may_handle": may_handle, **page}
    if may_handle:
        initial = {"happened_on": today}
        context |= {
            "stage_form": forms.get("stage_form") or StageForm(stages=page["next_stages"], initial=initial),
            "subsidy_form": forms.get("subsidy_form") or SubsidyForm(initial={"granted_on": today}),
            "opinion_form": forms.get("opinion_form") or OpinionForm(),
            "restructuring_form": forms.get("restructuring_form") or RestructuringForm(initial={"started_on": today}),
            "opinion_open": company.stage in services.OPINION_STAGES,
            "restructuring_open": company.stage == Stage.LISTED,
        }
        for row in page["subsidies"]:
            if forms.get("payment_subsidy") == row.subsidy.pk:
                row.form = forms["payment_form"]
            elif row.left > 0:
                row.form = PaymentForm(prefix=f"pay-{row.subsidy.pk}", initial={"paid_on": today})
        for r in page["restructurings"]:
            if forms.get("update_restructuring") == r.pk:
                r.form = forms["update_form"]
            elif selectors.restructuring_next(r):
                r.form = RestructuringUpdateForm(
                    prefix=f"upd-{r.pk}", statuses=selectors.restructuring_next(r), initial=initial
                )
    return context


class CompanyView(ScopedViewMixin, TemplateView):
    action = Action.LISTING_VIEW
    template_name = "listing/company.html"

    def get_context_data(self, **kwargs):
        try:
            company = selectors.company_get(actor=self.request.user, pk=kwargs.pop("pk"))
        except ObjectDoesNotExist:
            raise Http404 from None
        return super().get_context_data(**company_context(self.request, company), **kwargs)


class _CompanyPost(ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, View):
    action = Action.LISTING_HANDLE
    object_name = "company"
    page_template = "listing/company.html"

    def load_object(self, actor, pk):
        return selectors.company_get(actor=actor, pk=pk)

    def page_context(self, **forms) -> dict:
        return company_context(self.request, self.company, **forms)

    def get_success_url(self) -> str:
        return self.company.get_absolute_url()


class StageView(_CompanyPost):
    form_name = "stage_form"

    def get_form(self):
        return StageForm(self.request.POST, stages=selectors.next_stages(self.company))

    def call(self, form) -> str:
        services.company_stage_move(by=self.request.user, company=self.company, **form.cleaned_data)
        return _("The stage was recorded.")


class SubsidyView(_CompanyPost):
    form_name = "subsidy_form"
    form_class = SubsidyForm

    def call(self, form) -> str:
        services.subsidy_grant(by=self.request.user, company=self.company, **form.cleaned_data)
        return _("The subsidy was granted.")


class OpinionView(_CompanyPost):
    form_name = "opinion_form"
    form_class = OpinionForm

    def call(self, form) -> str:
        services.opinion_draft(by=self.request.user, company=self.company, **form.cleaned_data)
        return _("The opinion was drafted; a leader checks and signs it off in the register of documents.")


class RestructuringAddView(_CompanyPost):
    form_name = "restructuring_form"
    form_class = RestructuringForm

    def call(self, form) -> str:
        services.restructuring_add(by=self.request.user, company=self.company, **form.cleaned_data)
        return _("The restructuring was entered.")


class _RowPost(ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, View):
    """A step on one row of a company's page (a subsidy's payment, a restructuring's next step):
    back to the company's page at `anchor`; a refusal is shown by the row's own form (`marker`)."""

    action = Action.LISTING_HANDLE
    object_name = "row"
    page_template = "listing/company.html"
    marker = ""
    anchor = ""

    def page_context(self, **forms) -> dict:
        return company_context(self.request, self.row.company, **{self.marker: self.row.pk}, **forms)

    def get_success_url(self) -> str:
        return self.row.company.get_absolute_url() + self.anchor


class PaymentView(_RowPost):
    form_name, marker, anchor = "payment_form", "payment_subsidy", "#subsidies"

    def load_object(self, actor, pk):
        return selectors.subsidy_get(actor=actor, pk=pk)

    def get_form(self):
        return PaymentForm(self.request.POST, prefix=f"pay-{self.row.pk}")

    def call(self, form) -> str:
        services.subsidy_pay(by=self.request.user, subsidy=self.row, **form.cleaned_data)
        return _("The payment was recorded.")


class RestructuringUpdateView(_RowPost):
    form_name, marker, anchor = "update_form", "update_restructuring", "#restructurings"

    def load_object(self, actor, pk):
        return selectors.restructuring_get(actor=actor, pk=pk)

    def get_form(self):
        statuses = selectors.restructuring_next(self.row)
        return RestructuringUpdateForm(self.request.POST, prefix=f"upd-{self.row.pk}", statuses=statuses)

    def call(self, form) -> str:
        services.restructuring_update(by=self.request.user, restructuring=self.row, **form.cleaned_data)
        return _("The restructuring's step was recorded.")


def _year(request, years) -> int:
    value = request.GET.get("year", "")
    if not value:
        return years[0]
    if not value.isdigit() or int(value) not in years:
        raise Http404
    return int(value)


class FiguresView(ScopedViewMixin, TemplateView):
    action = Action.LISTING_VIEW
    template_name = "listing/figures.html"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, clock.today()
        years = selectors.figure_years(actor=actor, today=today)
        year = _year(self.request, years)
        rows, total = selectors.yearly_figures(actor=actor, year=year, today=today)
        return super().get_context_data(
            years=years, year=year, rows=rows, total=total, stages=selectors.figure_stages(), **kwargs
        )


class FiguresExcelView(ScopedViewMixin, View):
    action = Action.LISTING_VIEW

    def get(self, request):
        actor, today = request.user, clock.today()
        year = _year(request, selectors.figure_years(actor=actor, today=today))
        rows, total = selectors.yearly_figures(actor=actor, year=year, today=today)
        response = HttpResponse(
            excel.workbook(year, rows, total),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"企业上市工作统计_{year}.xlsx")
        return response
