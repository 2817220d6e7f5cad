from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.core.views import ScopedViewMixin

from .selectors import dashboard_for


class DashboardView(ScopedViewMixin, TemplateView):
    action = Action.DASHBOARD_VIEW
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**dashboard_for(actor=self.request.user), **kwargs)
