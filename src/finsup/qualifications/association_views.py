"""Pages of the self-regulatory organisations (duty ㉖): parse, call one selector or service, render."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import association_services as services
from . import selectors
from .forms import AssociationForm, GuidanceForm
from .models import Association


def _may_manage(user) -> bool:
    return can(user, Action.ASSOCIATION_MANAGE) and user.office_id is not None


def list_context(request, form=None) -> dict:
    actor = request.user
    context = {"associations": selectors.association_list(actor=actor).prefetch_related("members")}
    if _may_manage(actor):
        institutions = selectors.member_choices(office=actor.office)
        context["form"] = form or AssociationForm(prefix="a", institutions=institutions)
    return context


class AssociationListView(ScopedViewMixin, TemplateView):
    action = Action.ASSOCIATION_VIEW
    template_name = "qualifications/associations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**list_context(self.request), **kwargs)


class AssociationRegisterView(ScopedViewMixin, ServicePostMixin, View):
    action = Action.ASSOCIATION_MANAGE
    form_name = "form"
    page_template = "qualifications/associations.html"

    def get_form(self):
        institutions = selectors.member_choices(office=self.request.user.office)
        return AssociationForm(self.request.POST, prefix="a", institutions=institutions)

    def page_context(self, **forms) -> dict:
        return list_context(self.request, forms.get("form"))

    def call(self, form) -> str:
        c, actor = form.cleaned_data, self.request.user
        self.association = services.association_register(
            by=actor,
            office=actor.office,
            name=c["name"],
            kind=c["kind"],
            members=c["members"],
            contact_person=c["contact_person"],
            contact_phone=c["contact_phone"],
        )
        return _("The organisation was registered.")

    def get_success_url(self) -> str:
        return self.association.get_absolute_url()


def detail_context(request, association, form=None) -> dict:
    context = {
        "association": association,
        "members": selectors.association_members(association=association),
        "records": association.guidance.select_related("by"),
    }
    if _may_manage(request.user):
        context["form"] = form or GuidanceForm(prefix="g", initial={"on": clock.today()})
    return context


class _AssociationMixin(ScopedObjectMixin, ScopedViewMixin):
    object_name = "association"

    def load_object(self, actor, pk):
        return selectors.association_get(actor=actor, pk=pk)


class AssociationView(_AssociationMixin, TemplateView):
    action = Action.ASSOCIATION_VIEW
    template_name = "qualifications/association.html"
    model = Association

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        return super().get_context_data(**detail_context(self.request, self.association), **kwargs)


class GuidanceView(_AssociationMixin, ServicePostMixin, View):
    action = Action.ASSOCIATION_MANAGE
    form_name = "form"
    page_template = "qualifications/association.html"

    def get_form(self):
        return GuidanceForm(self.request.POST, prefix="g")

    def page_context(self, **forms) -> dict:
        return detail_context(self.request, self.association, forms.get("form"))

    def call(self, form) -> str:
        services.guidance_record(by=self.request.user, association=self.association, **form.cleaned_data)
        return _("The guidance was recorded.")

    def get_success_url(self) -> str:
        return self.association.get_absolute_url()
