"""An institution's own rule breaches: the list, one breach with its figures and the history of its
justification, and the answer. The institution reads the breach, its value, limit, legal basis,
the warning's status and the decisions on its justification; never who is assigned to it, the
office's notes in the warning's history, or warnings of the office's own analysis."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.web.lists import DATE, DATETIME, NAME, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, download_response

from . import justification, selectors
from .breaches import breach_figures
from .forms import JustificationForm

BREACH_COLUMNS = (
    Column("level", gettext_lazy("level"), "get_level_display", order=("level_rank",)),
    Column("title", gettext_lazy("breach"), "title", kind=NAME, order=("title",)),
    Column("found", gettext_lazy("found in"), "get_source_display"),
    Column("period", gettext_lazy("period end"), "period_end", kind=DATE, table=False),
    Column("opened", gettext_lazy("opened at"), "opened_at", kind=DATETIME, order=("opened_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("justification", gettext_lazy("justification"), "get_justification_status_display"),
)


class BreachListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.BREACH_ANSWER
    template_name = "monitoring/breach_list.html"
    columns = BREACH_COLUMNS
    default_sort = "-opened"
    export_title = gettext_lazy("Rule breaches")

    def get_queryset(self):
        qs, self.filterset = selectors.breach_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["monitoring/_breach_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class BreachMixin(ScopedObjectMixin):
    """The breach of the URL, from the institution's own (404 otherwise, before the method is checked)."""

    action = Action.BREACH_ANSWER
    object_name = "warning"

    def load_object(self, actor, pk):
        return selectors.breach_get(actor=actor, pk=pk)

    def page_context(self, form=None) -> dict:
        can_answer = self.warning.to_be_justified
        return {
            "warning": self.warning,
            "figures": breach_figures(actor=self.request.user, warning=self.warning),
            "rule_description": selectors.rule_descriptions([self.warning.rule_id]).get(self.warning.rule_id, ""),
            "events": selectors.justification_history(warning=self.warning),
            "form": (form or JustificationForm()) if can_answer else None,
        }


class BreachDetailView(BreachMixin, ScopedViewMixin, TemplateView):
    template_name = "monitoring/breach_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class BreachJustifyView(BreachMixin, ServicePostMixin, ScopedViewMixin, View):
    """POST only: the institution's justification of its breach."""

    form_class, form_name = JustificationForm, "form"
    page_template = "monitoring/breach_detail.html"

    def call(self, form) -> str:
        justification.justification_submit(
            warning=self.warning,
            by=self.request.user,
            text=form.cleaned_data["text"],
            attachment=form.cleaned_data["attachment"],
        )
        return _("Your justification is sent to the supervisor.")

    def get_success_url(self) -> str:
        return reverse("monitoring:breach_detail", args=[self.warning.pk])


class JustificationAttachmentView(LoginRequiredMixin, View):
    """The file of a justification: for the institution that sent it and the staff who see its warning."""

    def get(self, request, pk):
        user = request.user
        if not (can(user, Action.WARNING_VIEW) or can(user, Action.BREACH_ANSWER)):
            raise Http404
        event = selectors.justification_event_get(actor=user, pk=pk)
        if event is None or not event.attachment:
            raise Http404
        return download_response(event.attachment, filename=event.attachment_name, content_type=event.attachment_type)
