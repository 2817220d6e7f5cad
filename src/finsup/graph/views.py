"""The relation pages: an institution's owners and related parties (with the ECharts graph and each
party's path), and the city's list of parties that control or borrow from several institutions.
Parse the request, call one selector, render."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.views.generic import TemplateView

from finsup.accounts.policies import Action
from finsup.institutions.selectors import institution_get
from finsup.web.views import ScopedViewMixin

from . import selectors


class InstitutionRelationsView(ScopedViewMixin, TemplateView):
    action = Action.RELATION_VIEW
    template_name = "graph/institution.html"

    def get_context_data(self, **kwargs):
        actor = self.request.user
        try:
            institution = institution_get(actor=actor, pk=self.kwargs["pk"])
        except ObjectDoesNotExist:
            raise Http404 from None
        view = selectors.relation_view(institution=institution)
        return super().get_context_data(
            institution=institution,
            view=view,
            findings=selectors.institution_findings(actor=actor, institution=institution),
            **kwargs,
        )


class CityRelationsView(ScopedViewMixin, TemplateView):
    action = Action.RELATION_VIEW
    template_name = "graph/city.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.city_list(actor=self.request.user), **kwargs)
