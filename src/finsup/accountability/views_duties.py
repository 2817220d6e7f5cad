"""The accountability page of the office's own overdue duties: parse the date and the office, call
accountability.overdue, render. Nothing on the page is typed in."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can, can_view_duty_account
from finsup.web.views import ScopedViewMixin, as_of_param

from . import overdue


def _case_create_url(user) -> str | None:
    """The form opening an accountability case (it takes ?source=<app_label.model>:<pk>&item=<id>)."""
    return reverse("accountability:case_open") if can(user, Action.CASE_MANAGE) else None


ROW_LIMIT = 100


class OverdueDutiesView(ScopedViewMixin, TemplateView):
    action = Action.DUTY_ACCOUNT_VIEW
    template_name = "accountability/duties.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_duty_account(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        as_of = as_of_param(self.request)
        offices = list(overdue.visible_offices(actor=user))
        office = None
        if self.request.GET.get("office"):
            office = next((o for o in offices if o.code == self.request.GET["office"]), None)
            if office is None:
                raise Http404
        rows = overdue.overdue_duties(actor=user, as_of=as_of, office=office)
        # The summary counts everything; the list shows what is pending, and what was done late
        # only on request, the most overdue first, at most ROW_LIMIT per item unless ?all=1.
        show_late = self.request.GET.get("late") == "1"
        listed = rows if show_late else [r for r in rows if r.pending]
        query = self.request.GET.copy()
        query.pop("all", None)
        return super().get_context_data(
            as_of=as_of,
            office=office,
            offices=offices if len(offices) > 1 else [],
            rows=rows,
            summary=overdue.overdue_summary(rows),
            categories=overdue.Category.choices,
            groups=overdue.group_by_item(listed, limit=None if self.request.GET.get("all") == "1" else ROW_LIMIT),
            show_late=show_late,
            query=query.urlencode(),
            case_create_url=_case_create_url(user),
            **kwargs,
        )
