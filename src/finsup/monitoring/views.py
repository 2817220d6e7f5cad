"""Risk warning pages: parse the request, call one selector or service, render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.core.forms import add_service_error
from finsup.core.views import ScopedViewMixin
from finsup.institutions.models import Institution

from . import selectors, services
from .choices import WarningStatus
from .forms import TRANSITION_LABELS, WarningTransitionForm
from .models import RiskWarning


class WarningListView(ScopedViewMixin, ListView):
    action = Action.WARNING_VIEW
    paginate_by = 25
    template_name = "monitoring/warning_list.html"

    def get_queryset(self):
        qs, self.filterset = selectors.warning_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["monitoring/_warning_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter=self.filterset, query=query.urlencode(), **kwargs)


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

    def detail_context(self, form=None) -> dict:
        can_handle = can(self.request.user, Action.WARNING_HANDLE)
        next_statuses = selectors.warning_next_statuses(warning=self.warning) if can_handle else []
        if can_handle and form is None and next_statuses:
            form = WarningTransitionForm()
        return {
            "warning": self.warning,
            "rule_description": selectors.rule_descriptions([self.warning.rule_id]).get(self.warning.rule_id, ""),
            "events": selectors.warning_history(warning=self.warning),
            "transition_form": form,
            "transitions": [(status, TRANSITION_LABELS[status]) for status in next_statuses],
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
        institution = get_object_or_404(Institution.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        series = selectors.indicator_series(actor=self.request.user, institution=institution)
        return super().get_context_data(
            institution=institution,
            charts=selectors.indicator_chart_data(series),
            chart_labels=self.chart_labels,
            **kwargs,
        )
