"""The accountability page of the office's own overdue duties: parse the date, the office and the
filters, call accountability.overdue, render. Nothing on the page is typed in. The summary by
office is whole; the rows are a list of the list kit (25 a page, under the item of the
responsibility list each breaches, sortable, exportable)."""

from __future__ import annotations

from django.apps import apps
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from finsup.accounts.policies import Action, can, can_view_duty_account
from finsup.web.lists import DATE, NAME, NUMBER, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin, as_of_param, reach_prime_records

from . import overdue


def _case_create_url(user) -> str | None:
    """The form opening an accountability case (it takes ?source=<app_label.model>:<pk>&item=<id>)."""
    return reverse("accountability:case_open") if can(user, Action.CASE_MANAGE) else None


def _state(row) -> str:
    return _("pending") if row.pending else _("done late")


DUTY_COLUMNS = (
    Column(
        "item",
        gettext_lazy("item of the responsibility list"),
        lambda r: f"{r.item.numeral} {r.item.text}",
        table=False,
    ),
    Column("office", gettext_lazy("office"), "office.short_name", kind=NAME, sortable=True),
    Column("category", gettext_lazy("what is overdue"), "category_label", sortable=True),
    Column("record", gettext_lazy("record"), "record_label"),
    Column("detail", gettext_lazy("detail"), "detail", table=False),
    Column("due", gettext_lazy("due by"), "due_on", kind=DATE, sortable=True),
    Column("days", gettext_lazy("days overdue"), "days_overdue", kind=NUMBER, sortable=True, css="num"),
    Column("state", gettext_lazy("status"), _state, table=False),
    Column("done", gettext_lazy("done on"), "done_on", kind=DATE, table=False),
    Column("person", gettext_lazy("responsible person"), lambda r: r.person or "", kind=NAME, sortable=True),
)


class OverdueDutiesView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.DUTY_ACCOUNT_VIEW
    template_name = "accountability/duties.html"
    columns = DUTY_COLUMNS
    export_title = gettext_lazy("The office's overdue duties")
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_duty_account(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        user, params = self.request.user, self.request.GET
        self.as_of = as_of_param(self.request)
        self.offices = list(overdue.visible_offices(actor=user))
        self.office = None
        if params.get("office"):
            self.office = next((o for o in self.offices if o.code == params["office"]), None)
            if self.office is None:
                raise Http404
        self.rows = overdue.overdue_duties(actor=user, as_of=self.as_of, office=self.office)
        # The summary counts everything; the list shows what is pending, and what was done late
        # only on request, under the items of the list in their order, the most overdue first.
        self.show_late = params.get("late") == "1"
        listed = self.rows if self.show_late else [r for r in self.rows if r.pending]
        self.item_choices = [
            (g.item.id, f"{g.item.numeral} {g.item.text}", len(g.rows)) for g in overdue.group_by_item(listed)
        ]
        self.item = next((i for i, _label, _n in self.item_choices if str(i) == params.get("item")), None)
        self.category = params.get("category") if params.get("category") in overdue.Category.values else ""
        listed = [
            r
            for r in listed
            if (self.item is None or r.item_id == self.item) and (not self.category or r.category == self.category)
        ]
        return sorted(listed, key=lambda r: r.item_id)  # stable: the most overdue first within an item

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page_rows = ctx["page_obj"].object_list
        _prime_record_links(self.request.user, page_rows)
        return {
            **ctx,
            "as_of": self.as_of,
            "office": self.office,
            "offices": self.offices if len(self.offices) > 1 else [],
            "summary": overdue.overdue_summary(self.rows),
            "categories": overdue.Category.choices,
            "items": self.item_choices,
            "item": self.item,
            "category": self.category,
            "groups": overdue.group_by_item(page_rows, ordered=False),
            "show_late": self.show_late,
            "case_create_url": _case_create_url(self.request.user),
        }


def _prime_record_links(user, rows) -> None:
    """Whether the user may open each row's record (its link), one query per kind of record."""
    sources = (row.source.partition(":") for row in rows)
    reach_prime_records(user, ((apps.get_model(label), pk) for label, _sep, pk in sources))
