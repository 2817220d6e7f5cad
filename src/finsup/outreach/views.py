"""Staff pages for outreach: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.documents.selectors import documents_of
from finsup.web import lists
from finsup.web.forms import add_service_error
from finsup.web.lists import Column, ListPageMixin
from finsup.web.views import (
    ScopedObjectMixin,
    ScopedViewMixin,
    ServicePostMixin,
    ServiceStepMixin,
    download_response,
)

from . import selectors, services
from .excel import summary_workbook
from .forms import CampaignForm, CompleteForm, EventCorrectionForm, EventForm, MaterialForm
from .models import OutreachEvent, OutreachMaterial
from .uploads import check_material


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


CAMPAIGN_COLUMNS = (
    Column("year", gettext_lazy("year"), "year", kind=lists.NUMBER, order=("year",)),
    Column("title", gettext_lazy("title"), "title", kind=lists.NAME, order=("title",)),
    Column("kind", gettext_lazy("kind"), "get_kind_display", table=False),
    Column("office", gettext_lazy("office"), "office.short_name", kind=lists.NAME, order=("office__code",)),
    Column("period", gettext_lazy("campaign period"), "starts_on", kind=lists.DATE, order=("starts_on",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column("events", gettext_lazy("events"), "event_count", kind=lists.NUMBER, order=("event_count",), css="num"),
    Column(
        "reach",
        gettext_lazy("people reached"),
        lambda c: c.audience_total or 0,
        kind=lists.NUMBER,
        order=("audience_total",),
        css="num",
    ),
)


class CampaignListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.OUTREACH_VIEW
    template_name = "outreach/campaign_list.html"
    context_object_name = "campaigns"
    columns = CAMPAIGN_COLUMNS
    export_title = gettext_lazy("Outreach campaigns")

    def get_queryset(self):
        return selectors.campaign_list(actor=self.request.user, year=_year(self.request.GET.get("year")))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            years=selectors.campaign_years(actor=self.request.user),
            year=_year(self.request.GET.get("year")),
            can_manage=can(self.request.user, Action.OUTREACH_MANAGE),
            **kwargs,
        )


class CampaignCreateView(ScopedViewMixin, View):
    action = Action.OUTREACH_MANAGE

    def form(self, data=None, **kwargs):
        return CampaignForm(data, offices=selectors.campaign_offices(actor=self.request.user), **kwargs)

    def get(self, request):
        form = self.form(initial={"office": request.user.office_id})
        return render(request, "outreach/campaign_form.html", {"form": form})

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    by=request.user, office=data["office"], year=data["year"], data=data
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The campaign is planned."))
                return redirect(campaign)
        return render(request, "outreach/campaign_form.html", {"form": form}, status=400)


class CampaignMixin(ScopedObjectMixin):
    object_name = "campaign"

    def load_object(self, actor, pk):
        return selectors.campaign_get(actor=actor, pk=pk)

    def page_context(self, **forms) -> dict:
        c = self.campaign
        manage = can(self.request.user, Action.OUTREACH_MANAGE)
        documents = documents_of(actor=self.request.user, subject=c)
        return {
            "campaign": c,
            "events": c.events.all(),
            "materials": c.materials.all(),
            "can_manage": manage,
            "can_record": manage and c.is_open,
            "event_form": forms.get("event_form") or EventForm(initial={"held_on": c.starts_on}),
            "material_form": forms.get("material_form") or MaterialForm(),
            "complete_form": forms.get("complete_form") or CompleteForm(),
            "can_complete": manage and c.is_open and c.ends_on <= clock.today(),
            "documents": documents,
            "can_report": manage and not c.is_open and c.office.parent_id is not None and not documents.exists(),
        }


class CampaignDetailView(CampaignMixin, ScopedViewMixin, TemplateView):
    action = Action.OUTREACH_VIEW
    template_name = "outreach/campaign_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class CampaignEditView(CampaignMixin, ScopedViewMixin, View):
    action = Action.OUTREACH_MANAGE

    def get(self, request, pk):
        initial = {k: getattr(self.campaign, k) for k in services.CAMPAIGN_FIELDS}
        form = CampaignForm(initial=initial, editing=True)
        return render(request, "outreach/campaign_form.html", {"form": form, "campaign": self.campaign})

    def post(self, request, pk):
        form = CampaignForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.campaign_update(campaign=self.campaign, by=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The plan is saved."))
                return redirect("outreach:campaign_detail", pk=pk)
        return render(request, "outreach/campaign_form.html", {"form": form, "campaign": self.campaign}, status=400)


class CampaignPostView(CampaignMixin, ServicePostMixin, ScopedViewMixin, View):
    action = Action.OUTREACH_MANAGE
    page_template = "outreach/campaign_detail.html"
    done = ""

    def get_success_url(self) -> str:
        return reverse("outreach:campaign_detail", args=[self.campaign.pk])


class EventAddView(CampaignPostView):
    form_class, form_name = EventForm, "event_form"
    done = gettext_lazy("The event is recorded.")

    def call(self, form):
        services.event_record(campaign=self.campaign, by=self.request.user, data=form.cleaned_data)
        return self.done


class MaterialAddView(CampaignPostView):
    form_class, form_name = MaterialForm, "material_form"
    done = gettext_lazy("The material is uploaded; publish it to show it on the portal.")

    def call(self, form):
        data = form.cleaned_data
        checked = check_material(data["file"])
        services.material_upload(
            campaign=self.campaign, by=self.request.user, title=data["title"], kind=data["kind"], file=checked
        )
        return self.done


class CampaignCompleteView(CampaignPostView):
    form_class, form_name = CompleteForm, "complete_form"
    done = gettext_lazy("The campaign is completed.")

    def call(self, form):
        services.campaign_complete(campaign=self.campaign, by=self.request.user, summary=form.cleaned_data["summary"])
        return self.done


class CampaignReportView(CampaignMixin, ServiceStepMixin, ScopedViewMixin, View):
    """Drafts the campaign's summary report to the superior office (宣传活动总结报告)."""

    action = Action.OUTREACH_MANAGE

    def step(self) -> str:
        services.campaign_report_draft(campaign=self.campaign, by=self.request.user)
        return _("The summary report is drafted; it is checked and signed off before it is sent.")

    def get_success_url(self) -> str:
        return self.campaign.get_absolute_url()


class MaterialPublishView(CampaignMixin, ScopedViewMixin, View):
    action = Action.OUTREACH_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, material_pk):
        material = get_object_or_404(OutreachMaterial.objects.filter(campaign=self.campaign), pk=material_pk)
        publish = request.POST.get("published") == "1"
        try:
            services.material_publish(material=material, by=request.user, published=publish)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The material is shown on the portal.") if publish else _("The material is withdrawn.")
            )
        return redirect("outreach:campaign_detail", pk=pk)


class EventEditView(CampaignMixin, ScopedViewMixin, View):
    action = Action.OUTREACH_MANAGE

    def event(self, event_pk) -> OutreachEvent:
        return get_object_or_404(OutreachEvent.objects.filter(campaign=self.campaign), pk=event_pk)

    def render_form(self, form, event, status=200):
        context = {"form": form, "campaign": self.campaign, "event": event}
        return render(self.request, "outreach/event_form.html", context, status=status)

    def get(self, request, pk, event_pk):
        event = self.event(event_pk)
        initial = {k: getattr(event, k) for k in services.EVENT_FIELDS}
        return self.render_form(EventCorrectionForm(initial=initial), event)

    def post(self, request, pk, event_pk):
        event = self.event(event_pk)
        form = EventCorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.event_correct(event=event, by=request.user, data=data, reason=data["reason"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The correction is recorded."))
                return redirect("outreach:campaign_detail", pk=pk)
        return self.render_form(form, event, status=400)


class MaterialDownloadView(CampaignMixin, ScopedViewMixin, View):
    action = Action.OUTREACH_VIEW

    def get(self, request, pk, material_pk):
        material = get_object_or_404(OutreachMaterial.objects.filter(campaign=self.campaign), pk=material_pk)
        return material_response(material)


def material_response(material: OutreachMaterial) -> FileResponse:
    return download_response(material.file, filename=material.original_name, content_type=material.content_type)


class SummaryMixin(ScopedViewMixin):
    action = Action.OUTREACH_VIEW

    def office(self, code: str | None):
        if not code:
            return self.request.user.office
        try:
            return selectors.summary_office_get(actor=self.request.user, code=code)
        except ObjectDoesNotExist:  # not an office of the user's jurisdiction
            raise Http404 from None


class SummaryView(SummaryMixin, TemplateView):
    template_name = "outreach/summary.html"

    def get_context_data(self, **kwargs):
        office = self.office(self.request.GET.get("office"))
        year = _year(self.request.GET.get("year")) or clock.today().year
        years = sorted({year, *selectors.campaign_years(actor=self.request.user)}, reverse=True)
        return super().get_context_data(
            summary=selectors.year_summary(office=office, year=year),
            offices=selectors.campaign_offices(actor=self.request.user),
            years=years,
            **kwargs,
        )


class SummaryExcelView(SummaryMixin, View):
    def get(self, request, code: str, year: int):
        if _year(year) is None:
            raise Http404
        summary = selectors.year_summary(office=self.office(code), year=year)
        response = HttpResponse(
            summary_workbook(summary=summary),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"outreach-{summary.office.code}-{year}.xlsx"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        response["Cache-Control"] = "no-store"
        return response
