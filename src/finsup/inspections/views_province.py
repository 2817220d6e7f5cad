"""The province's pages on supervisory measures (issue 18): the requests (请示) of the city waiting
for the province's decision and those it decided, and the decision itself. Staff of every level
read them in their jurisdiction; only a leader of the province decides (the service checks)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error

from . import selectors
from . import services as s
from .choices import MeasureStatus
from .forms import ProvinceDecisionForm
from .views_measures import MeasureDetailView, MeasureListView, MeasureMixin, StaffView

WAITING, DECIDED = "waiting", "decided"


class ProvinceRequestListView(MeasureListView):
    template_name = "inspections/province_request_list.html"
    export_title = gettext_lazy("Requests to the province")
    default_sort = "decided"

    def get_queryset(self):
        self.state = DECIDED if self.request.GET.get("state") == DECIDED else WAITING
        self.status = MeasureStatus.DECIDED
        user = self.request.user
        if self.state == WAITING:
            qs = selectors.measures_awaiting_province(actor=user)
        else:
            qs = selectors.measures_decided_by_province(actor=user)
        return qs.select_related("institution__county", "proposed_by", "decided_by__office")

    def get_context_data(self, **kwargs):
        states = [(WAITING, _("Awaiting the province")), (DECIDED, _("Decided by the province"))]
        return super().get_context_data(state=self.state, states=states, **kwargs)


class MeasureProvinceDecideView(MeasureMixin, StaffView):
    action = Action.MEASURE_PROVINCE_DECIDE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ProvinceDecisionForm(request.POST)
        if form.is_valid():
            try:
                s.measure_province_decide(by=request.user, measure=self.measure, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The province's decision is recorded and sent to the city and county."))
                return redirect("measures:measure_detail", pk=pk)
        return MeasureDetailView.page(self, request, province_form=form, status=400)
