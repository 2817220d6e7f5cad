"""Generic view plumbing: every staff or institution page is a ScopedView."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render

from finsup.accounts.policies import Action, can


class ScopedViewMixin(LoginRequiredMixin):
    """Requires login and a role that has `action`; objects come only from `for_user()`.

    A user who lacks the action, or asks for an object outside their jurisdiction, gets 404.
    """

    action: Action
    model = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
