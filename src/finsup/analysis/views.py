"""Pages of the financial operation analysis: parse, call one selector or service, render."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.documents.selectors import documents_of
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, ServiceStepMixin

from . import charts, selectors, services
from .forms import MonthForm
from .indicators import GROUPS


def _default_deadline(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=10)


def list_context(request, **forms) -> dict:
    actor, today = request.user, clock.today()
    series = selectors.series(actor=actor, office=actor.office) if actor.office_id else []
    headline = selectors.headline_fields()
    rows = []
    for m in selectors.months(actor=actor)[:24]:
        f = selectors.month_figures(m)
        rows.append((m, f, [f.total(g, fid) for g, fid, _label in headline]))
    may_manage = can(actor, Action.ANALYSIS_MANAGE)
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return {
        "rows": rows,
        "chart": charts.over_time(series) if series else None,
        "headline": headline,
        "may_manage": may_manage,
        "form": forms.get("form")
        or (
            MonthForm(initial={"month": last.strftime("%Y-%m"), "deadline": _default_deadline(today)})
            if may_manage
            else None
        ),
    }


class MonthListView(ScopedViewMixin, TemplateView):
    action = Action.ANALYSIS_VIEW
    template_name = "analysis/month_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**list_context(self.request), **kwargs)


class MonthOpenView(ScopedViewMixin, ServicePostMixin, View):
    action = Action.ANALYSIS_MANAGE
    form_class = MonthForm
    form_name = "form"
    page_template = "analysis/month_list.html"

    def call(self, form) -> str:
        c = form.cleaned_data
        self.opened = services.month_open(
            by=self.request.user, office=self.request.user.office, month=c["month"], deadline=c["deadline"]
        )
        return _("The survey of %(month)s was sent to the resident institutions.") % {"month": str(self.opened)}

    def page_context(self, **forms) -> dict:
        return list_context(self.request, **forms)

    def get_success_url(self) -> str:
        return reverse("analysis:month", args=[self.opened.pk])


class MonthMixin(ScopedObjectMixin):
    object_name = "month"

    def load_object(self, actor, pk):
        return selectors.month_get(actor=actor, pk=pk)


def _npl_ratio(figures):
    if figures is None:
        return None
    loans, npl = figures.total("bank", "loans"), figures.total("bank", "npl")
    return npl / loans if loans and npl is not None else None


class MonthView(MonthMixin, ScopedViewMixin, TemplateView):
    action = Action.ANALYSIS_VIEW
    template_name = "analysis/month.html"

    def get_context_data(self, **kwargs):
        figures = selectors.month_figures(self.month)
        previous = selectors.previous_month(self.month)
        before = selectors.month_figures(previous) if previous else None
        headline = [
            (label, figures.total(g, fid), before.total(g, fid) if before else None)
            for g, fid, label in selectors.headline_fields()
            if g in figures.surveys
        ]
        ratios = (
            [(_("Non-performing loan ratio"), _npl_ratio(figures), _npl_ratio(before))]
            if "bank" in figures.surveys
            else []
        )
        groups = [(GROUPS[key], survey) for key, survey in figures.surveys.items()]
        documents = list(documents_of(actor=self.request.user, subject=self.month))
        bank_fields = [f for f in GROUPS["bank"].fields if f["id"] in ("deposits", "loans", "npl")]
        return super().get_context_data(
            month=self.month,
            figures=figures,
            headline=headline,
            ratios=ratios,
            groups=groups,
            county_fields=bank_fields,
            county_rows=[
                (county, [values.get(("bank", f["id"])) for f in bank_fields])
                for county, values in figures.by_county.items()
            ],
            chart=charts.by_county(figures) if figures.by_county else None,
            documents=documents,
            may_draft=can(self.request.user, Action.ANALYSIS_MANAGE)
            and self.request.user.office_id == self.month.office_id
            and not documents,
            **kwargs,
        )


class DraftView(MonthMixin, ScopedViewMixin, ServiceStepMixin, View):
    action = Action.ANALYSIS_MANAGE

    def step(self) -> str:
        document = services.analysis_draft(by=self.request.user, month=self.month)
        self.document = document
        return _("The analysis was drafted: %(title)s.") % {"title": document.title}

    def get_success_url(self) -> str:
        document = getattr(self, "document", None)
        if document is not None:
            return reverse("documents:detail", args=[document.pk])
        return reverse("analysis:month", args=[self.month.pk])
