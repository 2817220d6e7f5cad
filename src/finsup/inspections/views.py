"""Inspection pages: plans, the duty board, an inspection from creation to closing, and the
rectification of its findings. Views parse, call one service or selector and render; a service's
refusal (ApplicationError) is shown on the page and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from finsup.accounts.choices import OfficeLevel
from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError, NotFound
from finsup.core.errors import PermissionDenied as ServicePermissionDenied
from finsup.institutions.selectors import institution_scope
from finsup.monitoring.selectors import warning_scope
from finsup.web import lists
from finsup.web.forms import add_service_error
from finsup.web.lists import Column, ListPageMixin
from finsup.web.views import ScopedViewMixin, as_of_param

from . import duties, selectors, services
from .choices import FindingStatus, InspectionKind, InspectionStatus
from .forms import InspectionForm, PastInspectionForm, PlanForm
from .models import InspectionPlan
from .views_inspection import InspectionMixin, detail_context, is_overdue, may_run


class StaffMixin(ScopedViewMixin):
    """Staff pages: institution users have no plans or duty board."""

    action = Action.INSPECTION_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.office is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


INSPECTION_COLUMNS = (
    Column("title", gettext_lazy("title"), "title", kind=lists.NAME, order=("title",)),
    lists.INSTITUTION,
    Column("kind", gettext_lazy("kind"), "get_kind_display", order=("kind",)),
    Column("office", gettext_lazy("conducting office"), "office.short_name", kind=lists.NAME, order=("office__code",)),
    Column("start", gettext_lazy("planned start"), "planned_start", kind=lists.DATE, order=("planned_start",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
)


class InspectionListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.INSPECTION_VIEW
    template_name = "inspections/inspection_list.html"
    context_object_name = "inspections"
    columns = INSPECTION_COLUMNS
    export_title = gettext_lazy("On-site inspections")

    def get_template_names(self):
        if self.request.htmx and self.institution is not None:
            return ["inspections/_institution_panel.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        """?institution= narrows to one institution; from HTMX, the panel shown on the institution's
        page and on a risk warning (with ?warning=), with "start an inspection" for those who may."""
        self.institution = None
        pk = request.GET.get("institution", "")
        if pk:
            self.institution = (
                institution_scope(actor=request.user)
                .select_related("county")
                .filter(pk=int(pk) if pk.isdigit() else 0)
                .first()
            )
            if self.institution is None:
                raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.inspection_list(actor=self.request.user)
        if self.institution is not None:
            qs = qs.filter(institution=self.institution)
        status = self.request.GET.get("status", "")
        return qs.filter(status=status) if status in InspectionStatus.values else qs

    def get_context_data(self, **kwargs):
        if self.institution is not None:
            kwargs["institution"] = self.institution
            kwargs["can_start"] = may_run(self.request.user, self.institution.county)
            kwargs["warning"] = self.request.GET.get("warning", "")
        status = self.request.GET.get("status", "")
        return super().get_context_data(
            statuses=InspectionStatus.choices,
            status=status if status in InspectionStatus.values else "",
            can_run=can(self.request.user, Action.INSPECTION_RUN),
            can_record_past=can(self.request.user, Action.INSPECTION_RECORD_PAST),
            **kwargs,
        )


class PlanListView(StaffMixin, View):
    def context(self, form=None):
        user = self.request.user
        plans = (
            InspectionPlan.objects.for_user(user)
            .select_related("office", "approved_by")
            .annotate(inspection_count=Count("inspections"))
        )
        year = self.request.GET.get("year", "")
        if year.isdigit():
            plans = plans.filter(year=int(year))
        return {
            "plans": plans,
            "year": year,
            "form": form or PlanForm(initial={"year": clock.today().year}),
            "can_run": can(user, Action.INSPECTION_RUN),
        }

    def get(self, request):
        return render(request, "inspections/plan_list.html", self.context())


class PlanCreateView(StaffMixin, View):
    action = Action.INSPECTION_RUN
    http_method_names = ["post"]

    def post(self, request):
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Plan “%(title)s” created.") % {"title": plan.title})
                return redirect("inspections:plan_detail", pk=plan.pk)
        view = PlanListView()
        view.request = request
        return render(request, "inspections/plan_list.html", view.context(form))


class PlanMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            plan = InspectionPlan.objects.for_user(request.user).select_related("office").filter(pk=kwargs["pk"])
            self.plan = plan.first()
            if self.plan is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "inspections/plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            plan=self.plan,
            inspections=selectors.inspection_list(actor=user).filter(plan=self.plan),
            can_run=may_run(user, self.plan.office) and user.office_id == self.plan.office_id,
            can_approve=can(user, Action.INSPECTION_PLAN_APPROVE) and self.plan.approved_at is None,
            institutions=institution_scope(actor=user)
            .filter(county__path__startswith=self.plan.office.path)
            .order_by("name"),
            **kwargs,
        )


class PlanApproveView(PlanMixin, View):
    action = Action.INSPECTION_PLAN_APPROVE
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.plan_approve(by=request.user, plan=self.plan)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Plan approved."))
        return redirect("inspections:plan_detail", pk=pk)


class DutyBoardView(StaffMixin, TemplateView):
    """The duties the user's office holds; the city also sees how each county keeps its own."""

    template_name = "inspections/duty_board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        as_of = as_of_param(self.request)
        office = user.office
        rollup = None
        if office.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE):
            rollup = duties.duty_rollup(actor=user, as_of=as_of)
        return super().get_context_data(
            office=office,
            as_of=as_of,
            rows=duties.duty_board(actor=user, as_of=as_of, office=office),
            rollup=rollup,
            can_run=can(user, Action.INSPECTION_RUN),
            **kwargs,
        )


class InspectionCreateView(StaffMixin, View):
    """A new inspection of one institution (?institution=), optionally within a plan (?plan=)."""

    action = Action.INSPECTION_RUN

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            pk = request.GET.get("institution") or request.POST.get("institution")
            self.institution = (
                institution_scope(actor=request.user).select_related("county").filter(pk=pk).first()
                if str(pk).isdigit()
                else None
            )
            if self.institution is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        user = self.request.user
        plans = InspectionPlan.objects.for_user(user).filter(office=user.office).order_by("-year", "title")
        initial = {"title": _("On-site inspection of %(name)s") % {"name": self.institution.name}}
        warning = self.request.GET.get("warning", "")
        if warning.isdigit():
            found = warning_scope(actor=user).filter(pk=int(warning), institution=self.institution).first()
            if found is not None:
                initial["kind"] = InspectionKind.AD_HOC
                initial["scope_text"] = _("Risk warning: %(title)s") % {"title": found.title}
        plan = self.request.GET.get("plan", "")
        if plan.isdigit():
            initial["plan"] = plans.filter(pk=int(plan)).first()
        return InspectionForm(data, plans=plans, initial=initial)

    def render(self, form):
        return render(self.request, "inspections/inspection_form.html", {"form": form, "institution": self.institution})

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                inspection = services.inspection_create(
                    by=request.user, institution=self.institution, **form.cleaned_data
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Inspection created. Form the team next."))
                return redirect("inspections:detail", pk=inspection.pk)
        return self.render(form)


class InspectionDetailView(InspectionMixin, View):
    def get(self, request, pk):
        return render(request, "inspections/inspection_detail.html", detail_context(request, self.inspection))


class EvidenceDownloadView(InspectionMixin, View):
    def get(self, request, pk, ev):
        try:
            evidence, content = services.evidence_read(actor=request.user, evidence_id=ev)
        except (NotFound, ServicePermissionDenied):
            raise Http404 from None
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("inspections:detail", pk=pk)
        if evidence.inspection_id != self.inspection.pk:
            raise Http404
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = _attachment(evidence.original_name)
        return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


RECTIFICATION_COLUMNS = (
    Column("finding", gettext_lazy("finding"), "title", kind=lists.NAME, order=("title",)),
    lists.INSTITUTION,
    Column("inspection", gettext_lazy("inspection"), "inspection.title", kind=lists.NAME, order=("inspection__title",)),
    Column("deadline", gettext_lazy("rectification deadline"), "deadline", kind=lists.DATE, order=("deadline",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
)


class RectificationListView(ScopedViewMixin, ListPageMixin, ListView):
    """The institution's findings to rectify, with deadlines; for staff, the findings in rectification
    in their jurisdiction. Overdue ones are marked."""

    action = Action.INSPECTION_VIEW
    template_name = "inspections/rectification_list.html"
    export_title = gettext_lazy("Rectification of inspection findings")

    def get_queryset(self):
        user = self.request.user
        # An institution reads its own findings: no institution column.
        self.columns = tuple(c for c in RECTIFICATION_COLUMNS if not (user.institution and c.key == "institution"))
        findings = (
            selectors.finding_list(actor=user)
            .filter(inspection__opinion_issued_on__isnull=False)
            .select_related("inspection", "institution")
            .order_by("status", "deadline", "pk")
        )
        if self.request.GET.get("all") != "1":
            findings = findings.exclude(status=FindingStatus.CLOSED)
        status = self.request.GET.get("status")
        if status in FindingStatus.values:  # e.g. the reports filed, from the page of what waits
            findings = findings.filter(status=status)
        return findings

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status")
        today = clock.today()
        ctx.update(
            rows=[(f, is_overdue(f, today)) for f in ctx["page_obj"].object_list],
            today=today,
            show_all=self.request.GET.get("all") == "1",
            status_label=FindingStatus(status).label if status in FindingStatus.values else "",
        )
        return ctx


class PastInspectionCreateView(StaffMixin, View):
    """An inspection carried out before the platform was in use, entered from the office's ledger."""

    action = Action.INSPECTION_RECORD_PAST

    def form(self, data=None):
        user = self.request.user
        institutions = institution_scope(actor=user).select_related("county").order_by("name")
        initial = {"source": _("Inspection ledger of %(year)s") % {"year": clock.today().year - 1}}
        pk = self.request.GET.get("institution", "")
        if pk.isdigit():
            initial["institution"] = institutions.filter(pk=int(pk)).first()
        return PastInspectionForm(data, institutions=institutions, office=user.office, initial=initial)

    def render(self, form):
        return render(self.request, "inspections/past_inspection_form.html", {"form": form})

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.past_inspection_record(
                    by=request.user,
                    institution=data["institution"],
                    kind=data["kind"],
                    started_on=data["started_on"],
                    ended_on=data["ended_on"],
                    team=data["team"],
                    findings_summary=data["findings_summary"],
                    source=data["source"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The inspection is recorded from the ledger."))
                return redirect("inspections:detail", pk=inspection.pk)
        return self.render(form)
