"""The relation pages: an institution's owners and related parties (with the ECharts graph and each
party's path), and the city's list of parties that control or borrow from several institutions.
Parse the request, call one selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.institutions.selectors import institution_get
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedViewMixin

from . import selectors, services
from .forms import DeclaredHoldingForm
from .models import DeclaredHolding


class _InstitutionMixin:
    """The institution of the URL through the actor's scope (404 outside it)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.institution = institution_get(actor=request.user, pk=kwargs["pk"])
            except ObjectDoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def relations_url(self) -> str:
        return reverse("graph:institution", args=[self.institution.pk])


class InstitutionRelationsView(_InstitutionMixin, ScopedViewMixin, TemplateView):
    action = Action.RELATION_VIEW
    template_name = "graph/institution.html"

    def get_context_data(self, **kwargs):
        actor, institution = self.request.user, self.institution
        return super().get_context_data(
            institution=institution,
            view=selectors.relation_view(institution=institution),
            findings=selectors.institution_findings(actor=actor, institution=institution),
            declared=selectors.declared_holdings(actor=actor, institution=institution),
            can_change=can(actor, Action.INSTITUTION_CHANGE),
            **kwargs,
        )


class CityRelationsView(ScopedViewMixin, TemplateView):
    action = Action.RELATION_VIEW
    template_name = "graph/city.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.city_list(actor=self.request.user), **kwargs)


class DeclaredHoldingAddView(_InstitutionMixin, ScopedViewMixin, FormView):
    """Declares one owner above a shareholder (股权穿透); the graph follows at once."""

    action = Action.INSTITUTION_CHANGE
    form_class = DeclaredHoldingForm
    template_name = "institutions/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": DeclaredHolding(institution=self.institution)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Declared ownership"), cancel_url=self.relations_url(), institution=self.institution, **kwargs
        )

    def form_valid(self, form):
        try:
            services.declared_holding_save(by=self.request.user, holding=form.instance)
        except (ApplicationError, ValidationError) as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.relations_url())


class DeclaredHoldingDeleteView(_InstitutionMixin, ScopedViewMixin, View):
    action = Action.INSTITUTION_CHANGE
    http_method_names = ["post"]

    def post(self, request, pk, holding_pk):
        holding = get_object_or_404(DeclaredHolding.objects.filter(institution=self.institution), pk=holding_pk)
        services.declared_holding_delete(by=request.user, holding=holding)
        messages.success(request, _("Deleted."))
        return redirect(self.relations_url())
