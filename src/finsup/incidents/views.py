"""Pages for major risk incidents: staff of the jurisdiction and the institution concerned."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.lists import DATETIME, NAME, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin

from . import selectors, services
from .choices import INCIDENT_TRANSITIONS, IncidentStatus
from .errors import Code
from .forms import IncidentLogForm, IncidentRecordForm, IncidentReportForm, IncidentTransitionForm, IncidentWarningForm

INCIDENT_COLUMNS = (
    Column("severity", gettext_lazy("severity"), "get_severity_display", order=("severity",)),
    Column("title", gettext_lazy("title"), "title", kind=NAME, order=("title",)),
    Column("kind", gettext_lazy("kind"), "get_kind_display", table=False),
    Column(
        "institution",
        gettext_lazy("institution"),
        lambda i: i.institution.name if i.institution else i.office.short_name,
        kind=NAME,
        order=("institution__name",),
    ),
    Column("reported", gettext_lazy("reported at"), "reported_at", kind=DATETIME, order=("reported_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("level", gettext_lazy("escalated to"), "get_level_display", order=("level",)),
)


class IncidentListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.INCIDENT_VIEW
    template_name = "incidents/list.html"
    context_object_name = "incidents"
    columns = INCIDENT_COLUMNS
    default_sort = "-reported"
    export_title = gettext_lazy("Major risk incidents")

    def get_queryset(self):
        return selectors.incident_list(actor=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_report=can(self.request.user, Action.INCIDENT_REPORT), **kwargs)


class IncidentReportView(ScopedViewMixin, View):
    action = Action.INCIDENT_REPORT

    def get(self, request):
        return render(request, "incidents/report.html", {"form": IncidentReportForm(user=request.user)})

    def post(self, request):
        form = IncidentReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                incident = services.incident_report(by=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The incident is reported; the responsible office has been notified."))
                return redirect(incident.get_absolute_url())
        return render(request, "incidents/report.html", {"form": form}, status=400)


class IncidentMixin(ScopedObjectMixin):
    object_name = "incident"

    def load_object(self, actor, pk):
        return selectors.incident_get(actor=actor, pk=pk)

    def page_context(self, **forms) -> dict:
        user, i = self.request.user, self.incident
        handle = can(user, Action.INCIDENT_HANDLE) and not user.is_institution_user
        allowed = INCIDENT_TRANSITIONS[i.status]
        return {
            "incident": i,
            "escalation_due": services.incident_escalation_due(i),
            # The response log and linked warnings are the offices' working record.
            "log": selectors.incident_log(incident=i) if not user.is_institution_user else None,
            "warnings": i.warnings.all() if not user.is_institution_user else None,
            "can_handle": handle,
            "transitions": [(s, IncidentStatus(s).label) for s in IncidentStatus if s in allowed] if handle else [],
            "transition_form": forms.get("transition_form") or IncidentTransitionForm(),
            "log_form": forms.get("log_form") or IncidentLogForm(),
            "warning_form": forms.get("warning_form")
            or IncidentWarningForm(queryset=selectors.incident_warning_choices(actor=user, incident=i)),
            "records": selectors.incident_linked_records(actor=user, incident=i)
            if not user.is_institution_user
            else None,
            "record_form": forms.get("record_form")
            or IncidentRecordForm(choices=selectors.incident_record_choices(actor=user, incident=i) if handle else []),
        }


class IncidentDetailView(IncidentMixin, ScopedViewMixin, DetailView):
    action = Action.INCIDENT_VIEW
    template_name = "incidents/detail.html"

    def get_object(self, queryset=None):
        return self.incident

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class IncidentPostView(IncidentMixin, ServicePostMixin, ScopedViewMixin, View):
    action = Action.INCIDENT_HANDLE
    page_template = "incidents/detail.html"

    def post(self, request, *args, **kwargs):
        if request.user.is_institution_user:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return self.incident.get_absolute_url()


class IncidentTransitionView(IncidentPostView):
    form_name = "transition_form"

    def get_form(self):
        return IncidentTransitionForm(self.request.POST)

    def call(self, form):
        to_status, text = self.request.POST.get("to_status"), form.cleaned_data["text"]
        if to_status == IncidentStatus.ACKNOWLEDGED:
            services.incident_acknowledge(incident=self.incident, by=self.request.user, note=text)
        elif to_status == IncidentStatus.CLOSED:
            services.incident_close(incident=self.incident, by=self.request.user, note=text)
        else:
            raise ApplicationError(_("Choose acknowledge or close."), code=Code.INCIDENT_ACTION_REQUIRED)
        return _("The incident is now “%(status)s”.") % {"status": IncidentStatus(to_status).label}


class IncidentLogView(IncidentPostView):
    form_name = "log_form"

    def get_form(self):
        return IncidentLogForm(self.request.POST)

    def call(self, form):
        services.incident_log_add(incident=self.incident, by=self.request.user, **form.cleaned_data)
        return _("The entry is added to the emergency-response log.")


class IncidentWarningView(IncidentPostView):
    form_name = "warning_form"

    def get_form(self):
        return IncidentWarningForm(
            self.request.POST,
            queryset=selectors.incident_warning_choices(actor=self.request.user, incident=self.incident),
        )

    def call(self, form):
        services.incident_link_warning(
            incident=self.incident, by=self.request.user, warning=form.cleaned_data["warning"]
        )
        return _("The warning is linked.")


class IncidentRecordView(IncidentPostView):
    form_name = "record_form"

    def get_form(self):
        choices = selectors.incident_record_choices(actor=self.request.user, incident=self.incident)
        return IncidentRecordForm(self.request.POST, choices=choices)

    def call(self, form):
        services.incident_link_record(incident=self.incident, by=self.request.user, source=form.cleaned_data["record"])
        return _("The record is linked.")
