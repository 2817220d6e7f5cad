"""Pages of the practitioner qualification: parse, call one selector or service, render."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import selectors, services
from .forms import CertificateForm, ExamForm, RegisterForm, RevokeForm, TrainingForm
from .models import Practitioner


def list_context(request, **forms) -> dict:
    actor = request.user
    context = {"rows": selectors.practitioner_rows(actor=actor, as_of=clock.today()), "today": clock.today()}
    if can(actor, Action.QUALIFICATION_REGISTER):
        institutions = selectors.qualified_institutions(actor=actor)
        context["register_form"] = forms.get("register_form") or RegisterForm(prefix="p", institutions=institutions)
    return context


class PractitionerListView(ScopedViewMixin, TemplateView):
    action = Action.QUALIFICATION_VIEW
    template_name = "qualifications/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**list_context(self.request), **kwargs)


class RegisterView(ScopedViewMixin, ServicePostMixin, View):
    action = Action.QUALIFICATION_REGISTER
    form_name = "register_form"
    page_template = "qualifications/list.html"

    def get_form(self):
        institutions = selectors.qualified_institutions(actor=self.request.user)
        return RegisterForm(self.request.POST, prefix="p", institutions=institutions)

    def page_context(self, **forms) -> dict:
        return list_context(self.request, **forms)

    def call(self, form) -> str:
        c = form.cleaned_data
        self.practitioner = services.practitioner_register(
            by=self.request.user,
            institution=c["institution"],
            name=c["name"],
            id_number=c["id_number"],
            phone=c["phone"],
            position=c["position"],
        )
        return _("The practitioner was registered.")

    def get_success_url(self) -> str:
        return self.practitioner.get_absolute_url()


_FORMS = {"training_form": TrainingForm, "exam_form": ExamForm, "certificate_form": CertificateForm}


def detail_context(request, practitioner, **forms) -> dict:
    today = clock.today()
    context = {
        "practitioner": practitioner,
        "history": selectors.practitioner_history(practitioner=practitioner, as_of=today),
        "may_manage": can(request.user, Action.QUALIFICATION_MANAGE) and not request.user.is_institution_user,
    }
    if context["may_manage"]:
        for name, form_class in _FORMS.items():
            context[name] = forms.get(name) or form_class(prefix=name.removesuffix("_form"), initial={"on": today})
        context["revoke_form"] = forms.get("revoke_form") or RevokeForm(prefix="revoke", initial={"on": today})
        context["open_form"] = next((name for name in forms if forms[name] is not None), "")
    return context


class PractitionerView(ScopedObjectMixin, ScopedViewMixin, TemplateView):
    action = Action.QUALIFICATION_VIEW
    template_name = "qualifications/detail.html"
    model = Practitioner
    object_name = "practitioner"

    def load_object(self, actor, pk):
        return selectors.practitioner_get(actor=actor, pk=pk)

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        return super().get_context_data(**detail_context(self.request, self.practitioner), **kwargs)


class _StepPost(ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, View):
    action = Action.QUALIFICATION_MANAGE
    object_name = "practitioner"
    page_template = "qualifications/detail.html"

    def load_object(self, actor, pk):
        return selectors.practitioner_get(actor=actor, pk=pk)

    def get_form(self):
        return _FORMS[self.form_name](self.request.POST, prefix=self.form_name.removesuffix("_form"))

    def page_context(self, **forms) -> dict:
        return detail_context(self.request, self.practitioner, **forms)

    def get_success_url(self) -> str:
        return self.practitioner.get_absolute_url()


class TrainingView(_StepPost):
    form_name = "training_form"

    def call(self, form) -> str:
        services.training_record(by=self.request.user, practitioner=self.practitioner, **form.cleaned_data)
        return _("The training was recorded.")


class ExamView(_StepPost):
    form_name = "exam_form"

    def call(self, form) -> str:
        step = services.exam_record(by=self.request.user, practitioner=self.practitioner, **form.cleaned_data)
        return _("The examination was recorded: passed.") if step.passed else _("The examination was recorded: failed.")


class CertificateView(_StepPost):
    form_name = "certificate_form"

    def call(self, form) -> str:
        step = services.certificate_issue(by=self.request.user, practitioner=self.practitioner, **form.cleaned_data)
        return _("Certificate %(number)s was issued.") % {"number": step.number}


class RevokeView(_StepPost):
    form_name = "revoke_form"

    def load_object(self, actor, pk):
        self.certificate = selectors.certificate_get(actor=actor, pk=pk)
        return self.certificate.practitioner

    def get_form(self):
        return RevokeForm(self.request.POST, prefix="revoke")

    def call(self, form) -> str:
        services.certificate_revoke(by=self.request.user, certificate=self.certificate, **form.cleaned_data)
        return _("The certificate was revoked.")
