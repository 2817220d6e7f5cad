"""Risk warning pages: parse the request, call one selector or service, render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institution_scope
from finsup.web.forms import add_service_error
from finsup.web.lists import DATETIME, INSTITUTION, NAME, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin, ServicePostMixin

from . import justification, selectors, services
from .choices import BREACH_SOURCES, JustificationStatus, WarningStatus
from .forms import DECISION_LABELS, TRANSITION_LABELS, JustificationDecisionForm, WarningTransitionForm
from .models import RiskWarning

WARNING_COLUMNS = (
    Column("level", gettext_lazy("level"), "get_level_display", order=("level_rank",)),
    Column("title", gettext_lazy("warning"), "title", kind=NAME, order=("title",)),
    INSTITUTION,
    Column("kind", gettext_lazy("kind"), "institution.get_kind_display", table=False),
    Column(
        "county",
        gettext_lazy("county"),
        "institution.county.short_name",
        kind=NAME,
        order=("institution__county__short_name",),
    ),
    Column("source", gettext_lazy("source"), "get_source_display", order=("source",)),
    Column("opened", gettext_lazy("opened at"), "opened_at", kind=DATETIME, order=("opened_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("justification", gettext_lazy("justification"), "get_justification_status_display", table=False),
    Column(
        "assigned",
        gettext_lazy("assigned to"),
        lambda w: w.assigned_to or "",
        kind=NAME,
        order=("assigned_to__display_name",),
    ),
    # In the Excel export only: what the warning says, a relation warning's paths included.
    Column("detail", gettext_lazy("detail"), "detail", table=False),
)


class WarningListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.WARNING_VIEW
    template_name = "monitoring/warning_list.html"
    columns = WARNING_COLUMNS
    default_sort = "-opened"
    export_title = gettext_lazy("Risk warnings")

    def get_queryset(self):
        qs, self.filterset = selectors.warning_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["monitoring/_warning_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        status = self.filterset.form.data.get("status", "")
        bulk = selectors.bulk_acknowledge_allowed(actor=self.request.user, status=status)
        return super().get_context_data(filter=self.filterset, bulk=bulk, **kwargs)


class WarningBulkAcknowledgeView(ScopedViewMixin, View):
    """POST only: acknowledge the warnings ticked on the list with one note, all or nothing
    (services.warnings_acknowledge); back to the list with what was done or refused."""

    action = Action.WARNING_HANDLE
    http_method_names = ["post"]

    def post(self, request):
        try:
            pks = [int(pk) for pk in request.POST.getlist("warning")]
            warnings = selectors.warnings_selected(actor=request.user, pks=pks)
        except (ValueError, RiskWarning.DoesNotExist):
            raise Http404 from None
        try:
            done = services.warnings_acknowledge(
                warnings=warnings, by=request.user, reason=request.POST.get("reason", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Warnings acknowledged: %(count)d.") % {"count": done})
        back = request.POST.get("next", "")  # only a query string, never another address
        return redirect(reverse("monitoring:warning_list") + (back if back.startswith("?") else ""))


class WarningMixin:
    """Loads the warning of the URL through the scoped selector (404 outside jurisdiction), before
    the method is checked: a POST-only route answers 404, not 405, to whoever may not see it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.warning = selectors.warning_get(actor=request.user, pk=kwargs["pk"])
            except RiskWarning.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def detail_context(self, form=None, decision_form=None) -> dict:
        can_handle = can(self.request.user, Action.WARNING_HANDLE)
        next_statuses = selectors.warning_next_statuses(warning=self.warning) if can_handle else []
        if can_handle and form is None and next_statuses:
            form = WarningTransitionForm()
        decisions = selectors.justification_decisions(warning=self.warning) if can_handle else []
        if decisions and decision_form is None:
            decision_form = JustificationDecisionForm()
        return {
            "is_breach": self.warning.source in BREACH_SOURCES,
            "justification_events": selectors.justification_history(warning=self.warning),
            "decision_form": decision_form,  # a refused decision stays shown with its error
            "decisions": [(status, DECISION_LABELS[status]) for status in decisions],
            "warning": self.warning,
            "rule_description": selectors.rule_descriptions([self.warning.rule_id]).get(self.warning.rule_id, ""),
            "events": selectors.warning_history(warning=self.warning),
            "transition_form": form,
            "transitions": [(status, TRANSITION_LABELS[status]) for status in next_statuses],
            "can_register_fundraising": can(self.request.user, Action.FUNDRAISING_HANDLE),
        }


class WarningDetailView(WarningMixin, ScopedViewMixin, DetailView):
    action = Action.WARNING_VIEW
    template_name = "monitoring/warning_detail.html"
    context_object_name = "warning"

    def get_object(self, queryset=None):
        return self.warning

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.detail_context(), **kwargs)


class WarningTransitionView(WarningMixin, ScopedViewMixin, View):
    """POST only: moves the warning one step; a refusal is shown on the detail page's form."""

    action = Action.WARNING_HANDLE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = WarningTransitionForm(request.POST)
        if form.is_valid():
            try:
                warning = services.warning_transition(
                    warning=self.warning,
                    to_status=form.cleaned_data["to_status"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("The warning is now “%(status)s”.") % {"status": WarningStatus(warning.status).label}
                )
                return redirect(warning.get_absolute_url())
        return render(request, "monitoring/warning_detail.html", self.detail_context(form))


class BreachDecideView(WarningMixin, ServicePostMixin, ScopedViewMixin, View):
    """POST only: the handler's decision on a breach: accept the institution's justification,
    reject it, or find the breach a false alarm. A refusal is shown on the detail page."""

    action = Action.WARNING_HANDLE
    form_class, form_name = JustificationDecisionForm, "decision_form"
    page_template = "monitoring/warning_detail.html"
    steps = {
        JustificationStatus.JUSTIFIED: (justification.justification_accept, gettext_lazy("The breach is justified.")),
        JustificationStatus.REJECTED: (
            justification.justification_reject,
            gettext_lazy("The justification is rejected; the institution may answer again."),
        ),
        JustificationStatus.FALSE_ALARM: (justification.breach_false_alarm, gettext_lazy("Marked as a false alarm.")),
    }

    def call(self, form) -> str:
        service, message = self.steps[form.cleaned_data["decision"]]
        service(warning=self.warning, by=self.request.user, reason=form.cleaned_data["reason"])
        return message

    def page_context(self, **forms) -> dict:
        return self.detail_context(**forms)

    def get_success_url(self) -> str:
        return self.warning.get_absolute_url()


class InstitutionIndicatorsView(ScopedViewMixin, TemplateView):
    """Each rule's value over the institution's counted filings, with its threshold."""

    action = Action.WARNING_VIEW
    template_name = "monitoring/institution_indicators.html"
    chart_labels = {
        "value": gettext_lazy("value"),
        "threshold": gettext_lazy("threshold"),
        "passed": gettext_lazy("passed"),
        "breached": gettext_lazy("breached"),
    }

    def get_context_data(self, **kwargs):
        institution = get_object_or_404(institution_scope(actor=self.request.user), pk=self.kwargs["pk"])
        series = selectors.indicator_series(actor=self.request.user, institution=institution)
        return super().get_context_data(
            institution=institution,
            charts=selectors.indicator_chart_data(series),
            chart_labels=self.chart_labels,
            **kwargs,
        )
