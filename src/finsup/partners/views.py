"""Pages of the partners register: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.accounts.selectors import office_scope
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import selectors, services
from .choices import KIND_ITEMS, PartnerKind, numeral
from .forms import MatterForm, PartnerForm


class PartnerListView(ScopedViewMixin, TemplateView):
    action = Action.PARTNER_VIEW
    template_name = "partners/partner_list.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in PartnerKind.values else ""
        return super().get_context_data(
            partners=selectors.partners_with_counts(actor=self.request.user, kind=kind),
            kinds=PartnerKind.choices,
            kind=kind,
            may_manage=can(self.request.user, Action.PARTNER_MANAGE),
            **kwargs,
        )


class PartnerCreateView(ScopedViewMixin, View):
    action = Action.PARTNER_MANAGE
    template_name = "partners/partner_form.html"

    def form(self, data=None):
        return PartnerForm(data, offices=office_scope(actor=self.request.user).order_by("path"))

    def get(self, request):
        return render(request, self.template_name, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            county = data.pop("county")
            try:
                partner = services.partner_create(by=request.user, county=county, data=data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Registered: %(name)s.") % {"name": partner.name})
                return redirect(partner)
        return render(request, self.template_name, {"form": form}, status=400)


class PartnerMixin(ScopedObjectMixin):
    object_name = "partner"

    def load_object(self, actor, pk):
        return selectors.partner_get(actor=actor, pk=pk)


def partner_context(request, partner, **forms) -> dict:
    may_manage = can(request.user, Action.PARTNER_MANAGE)
    return {
        "partner": partner,
        "items": [(n, numeral(n)) for n in KIND_ITEMS.get(partner.kind, ())],
        "matters": selectors.matters_of(partner),
        "may_manage": may_manage,
        "matter_form": forms.get("matter_form")
        or (MatterForm(initial={"occurred_on": clock.today()}) if may_manage else None),
    }


class PartnerDetailView(PartnerMixin, ScopedViewMixin, TemplateView):
    action = Action.PARTNER_VIEW
    template_name = "partners/partner_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**partner_context(self.request, self.partner), **kwargs)


class MatterAddView(PartnerMixin, ScopedViewMixin, ServicePostMixin, View):
    action = Action.PARTNER_MANAGE
    form_class = MatterForm
    form_name = "matter_form"
    page_template = "partners/partner_detail.html"

    def get_form(self):
        return MatterForm(self.request.POST)

    def call(self, form) -> str:
        c = form.cleaned_data
        services.matter_record(by=self.request.user, partner=self.partner, **c)
        return _("The major matter was recorded.")

    def page_context(self, **forms) -> dict:
        return partner_context(self.request, self.partner, **forms)

    def get_success_url(self) -> str:
        return reverse("partners:detail", args=[self.partner.pk])
