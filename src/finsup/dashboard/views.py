from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.core.views import ScopedViewMixin


class DashboardView(ScopedViewMixin, TemplateView):
    action = Action.DASHBOARD_VIEW
    template_name = "dashboard/home.html"
