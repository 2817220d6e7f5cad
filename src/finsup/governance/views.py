"""Pages of the governance assessment: parse, call one selector or service, render."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import selectors, services
from .checklist import checklist
from .forms import AssessmentForm
from .models import Assessment


class AssessmentListView(ScopedViewMixin, TemplateView):
    action = Action.GOVERNANCE_VIEW
    template_name = "governance/list.html"

    def get(self, request, *args, **kwargs):
        pk = request.GET.get("institution", "")
        if pk:
            if not pk.isdigit():
                raise Http404
            return redirect("governance:institution", pk=int(pk))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        actor = self.request.user
        return super().get_context_data(
            rows=selectors.latest_assessments(actor=actor),
            institutions=selectors.institution_choices(actor=actor),
            **kwargs,
        )


def institution_context(request, institution, form=None) -> dict:
    actor = request.user
    context = {
        "institution": institution,
        "assessments": list(selectors.assessments_of(actor=actor, institution=institution)),
        "sheet": checklist(),
    }
    if can(actor, Action.GOVERNANCE_ASSESS):
        context["form"] = form or AssessmentForm(initial={"year": clock.today().year})
    return context


class _InstitutionMixin(ScopedObjectMixin, ScopedViewMixin):
    object_name = "institution"

    def load_object(self, actor, pk):
        return selectors.institution_for_assessment(actor=actor, pk=pk)


class InstitutionView(_InstitutionMixin, TemplateView):
    action = Action.GOVERNANCE_VIEW
    template_name = "governance/institution.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        return super().get_context_data(**institution_context(self.request, self.institution), **kwargs)


class AssessView(_InstitutionMixin, ServicePostMixin, View):
    action = Action.GOVERNANCE_ASSESS
    form_name = "form"
    page_template = "governance/institution.html"

    def get_form(self):
        return AssessmentForm(self.request.POST)

    def page_context(self, **forms) -> dict:
        return institution_context(self.request, self.institution, forms.get("form"))

    def call(self, form) -> str:
        c = form.cleaned_data
        self.assessment = services.assessment_submit(
            by=self.request.user,
            institution=self.institution,
            year=c["year"],
            scores=form.scores(),
            notes=form.notes(),
            summary=c["summary"],
        )
        return _("The assessment was submitted: %(total)s points, %(grade)s.") % {
            "total": f"{self.assessment.total:g}",
            "grade": self.assessment.grade,
        }

    def get_success_url(self) -> str:
        return self.assessment.get_absolute_url()


class AssessmentView(ScopedObjectMixin, ScopedViewMixin, TemplateView):
    action = Action.GOVERNANCE_VIEW
    template_name = "governance/detail.html"
    model = Assessment
    object_name = "assessment"

    def load_object(self, actor, pk):
        return selectors.assessment_get(actor=actor, pk=pk)

    def get_context_data(self, **kwargs):
        kwargs.pop("pk", None)
        a = self.assessment
        return super().get_context_data(
            assessment=a, items=selectors.item_scores(a), maximum=checklist().maximum, **kwargs
        )
