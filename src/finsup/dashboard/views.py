from django.shortcuts import redirect
from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.notifications.waiting import waiting_for
from finsup.web.views import ScopedViewMixin

from .selectors import dashboard_for


class DashboardView(ScopedViewMixin, TemplateView):
    action = Action.DASHBOARD_VIEW
    template_name = "dashboard/home.html"

    def dispatch(self, request, *args, **kwargs):
        # The oversight bodies have no dashboard: they land on the cases they may read.
        if request.user.is_authenticated and request.user.is_oversight_user:
            return redirect("accountability:case_list")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**dashboard_for(actor=user), waiting=waiting_for(user), **kwargs)
