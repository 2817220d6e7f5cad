from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.notifications.waiting import waiting_for
from finsup.web.context_processors import navigation
from finsup.web.views import ScopedViewMixin

from .help import guide_for
from .selectors import dashboard_for


class DashboardView(ScopedViewMixin, TemplateView):
    action = Action.DASHBOARD_VIEW
    template_name = "dashboard/home.html"

    def dispatch(self, request, *args, **kwargs):
        # The oversight bodies have no dashboard: they land on the cases they may read.
        if request.user.is_authenticated and request.user.is_oversight_user:
            return redirect("accountability:case_list")
        # A resident institution's users answer the surveys sent to it: that is their home page.
        if request.user.is_authenticated and request.user.is_partner_user:
            return redirect("surveys:list")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**dashboard_for(actor=user), waiting=waiting_for(user), **kwargs)


class HelpView(LoginRequiredMixin, TemplateView):
    """What the user's role does first and what the statuses it meets mean; a step links to its page
    only when the user's menu has it (never a link that answers 404)."""

    template_name = "dashboard/help.html"

    def get_context_data(self, **kwargs):
        guide = guide_for(self.request.user)
        reachable = {item["url"] for item in navigation(self.request)["nav_items"]}
        steps = [(text, url if (url := reverse(name)) in reachable else None) for text, name in guide.first_steps]
        return super().get_context_data(steps=steps, statuses=guide.statuses, **kwargs)
