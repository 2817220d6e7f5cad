"""One inspection's page and its steps (team, notice, start, evidence, findings, facts, report,
opinion letter, close, follow-up visits), and a finding's rectification. Each step posts its
form to one service; a refusal re-renders the page with the error and nothing is changed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedViewMixin

from . import selectors, services
from .choices import OWING_STATUSES, FindingStatus, InspectionStatus
from .forms import (
    DecisionForm,
    DeclarationForm,
    EvidenceForm,
    FactsForm,
    FindingForm,
    FollowUpForm,
    MemberForm,
    NoteForm,
    NoticeForm,
    OpinionForm,
    ReasonForm,
    RectificationForm,
    ReportForm,
    StartForm,
)
from .models import (
    EvidenceFile,
    FollowUpVisit,
    Inspection,
    InspectionEvent,
    InspectionMember,
    RectificationDecision,
    RectificationReport,
)

_TEAM_OPEN = (InspectionStatus.PLANNED, InspectionStatus.NOTIFIED)
_COLLECTING = (
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.FACT_CONFIRMATION,
    InspectionStatus.REPORTED,
    InspectionStatus.RECTIFICATION,
)
_PATH = [
    InspectionStatus.PLANNED,
    InspectionStatus.NOTIFIED,
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.FACT_CONFIRMATION,
    InspectionStatus.REPORTED,
    InspectionStatus.RECTIFICATION,
    InspectionStatus.CLOSED,
]


def is_overdue(finding, today) -> bool:
    """The institution still owes a report and the deadline has passed."""
    return finding.status in OWING_STATUSES and finding.deadline is not None and finding.deadline < today


def may_run(user, office) -> bool:
    """The actor may run inspection steps for `office` (the services check the same)."""
    return can(user, Action.INSPECTION_RUN) and user.office is not None and user.office.contains(office)


class InspectionMixin(ScopedViewMixin):
    """The inspection of the URL from those the user may see (404 otherwise); for steps, the
    user must also run inspections for the conducting office."""

    action = Action.INSPECTION_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.inspection = selectors.inspection_get(actor=request.user, pk=kwargs["pk"])
            except Inspection.DoesNotExist:
                raise Http404 from None
            if self.action == Action.INSPECTION_RUN and not may_run(request.user, self.inspection.office):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


def steps(inspection: Inspection) -> list[dict]:
    path = [s for s in _PATH if not (s == InspectionStatus.NOTIFIED and inspection.unannounced)]
    if inspection.status == InspectionStatus.CANCELLED:
        return [{"label": InspectionStatus.CANCELLED.label, "state": "current"}]
    current = path.index(inspection.status) if inspection.status in path else 0
    return [
        {"label": s.label, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, s in enumerate(path)
    ]


def build_form(key: str, inspection: Inspection, user, data=None, files=None):
    if key == "member":
        return MemberForm(data, office=inspection.office)
    if key == "notice":
        return NoticeForm(data)
    if key == "evidence":
        return EvidenceForm(data, files)
    if key == "finding":
        qs = EvidenceFile.objects.for_user(user).filter(inspection=inspection)
        return FindingForm(data, evidence=qs)
    if key == "facts":
        return FactsForm(data)
    if key == "report":
        return ReportForm(data)
    if key == "opinion":
        return OpinionForm(data)
    if key == "close":
        return NoteForm(data)
    if key == "cancel":
        return ReasonForm(data)
    if key == "followup":
        return FollowUpForm(data, findings=inspection.findings.all())
    if key == "start":
        return StartForm(data, planned_start=inspection.planned_start)
    return forms.Form(data)


def _open_forms(inspection: Inspection, findings: list) -> list[str]:
    status = inspection.status
    keys = []
    if status in _TEAM_OPEN:
        keys += ["member"]
    if status == InspectionStatus.PLANNED and not inspection.unannounced:
        keys += ["notice"]
    if status == InspectionStatus.NOTIFIED or (status == InspectionStatus.PLANNED and inspection.unannounced):
        keys += ["start"]
    if status in _COLLECTING:
        keys += ["evidence"]
    if status in (InspectionStatus.IN_PROGRESS, InspectionStatus.FACT_CONFIRMATION):
        keys += ["finding"]
    if status == InspectionStatus.IN_PROGRESS:
        keys += ["facts"]
    if status == InspectionStatus.FACT_CONFIRMATION:
        keys += ["report"]
    if status == InspectionStatus.REPORTED and findings:
        keys += ["opinion"]
    all_closed = all(f.status == FindingStatus.CLOSED for f in findings)
    if (status == InspectionStatus.REPORTED and not findings) or (
        status == InspectionStatus.RECTIFICATION and all_closed
    ):
        keys += ["close"]
    if status == InspectionStatus.RECTIFICATION:
        keys += ["followup"]
    if status in _TEAM_OPEN:
        keys += ["cancel"]
    return keys


def detail_context(request, inspection: Inspection, bound: dict | None = None) -> dict:
    user = request.user
    findings = list(selectors.finding_list(actor=user, inspection=inspection).prefetch_related("evidence"))
    can_run = may_run(user, inspection.office)
    forms_ = {}
    if can_run:
        forms_ = {key: build_form(key, inspection, user) for key in _open_forms(inspection, findings)}
        forms_.update(bound or {})
    members = list(InspectionMember.objects.for_user(user).filter(inspection=inspection).select_related("user"))
    declare = None
    own = next((m for m in members if m.user_id == user.pk and m.declared_at is None), None)
    if own is not None and inspection.status in _TEAM_OPEN:
        declare = (own, (bound or {}).get("declare") or DeclarationForm())
    today = clock.today()
    return {
        "inspection": inspection,
        "steps": steps(inspection),
        "members": members,
        "declare": declare,
        "evidence": EvidenceFile.objects.for_user(user).filter(inspection=inspection).select_related("uploaded_by"),
        "findings": [
            (f, f.status in OWING_STATUSES and f.deadline is not None and f.deadline < today) for f in findings
        ],
        "documents": selectors.issued_documents(actor=user, inspection=inspection),
        "events": InspectionEvent.objects.for_user(user).filter(inspection=inspection).select_related("by"),
        "followups": FollowUpVisit.objects.for_user(user).filter(inspection=inspection).select_related("by", "finding"),
        "can_run": can_run,
        "forms": forms_,
    }


class StepView(InspectionMixin, View):
    action = Action.INSPECTION_RUN
    http_method_names = ["post"]
    key = ""

    def perform(self, form, **kwargs) -> str:
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        form = build_form(self.key, self.inspection, request.user, request.POST, request.FILES)
        if form.is_valid():
            try:
                text = self.perform(form, **kwargs)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, text)
                return redirect("inspections:detail", pk=pk)
        context = detail_context(request, self.inspection, bound={self.key: form})
        context["failed"] = self.key
        return render(request, "inspections/inspection_detail.html", context)


class MemberAddView(StepView):
    key = "member"

    def perform(self, form, **kwargs):
        member = services.member_add(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("%(name)s joined the team; they declare their interests next.") % {"name": member.user}


class DeclareView(StepView):
    key = "declare"

    def post(self, request, pk, m):
        member = InspectionMember.objects.for_user(request.user).filter(inspection=self.inspection, pk=m).first()
        if member is None:
            raise Http404
        form = DeclarationForm(request.POST)
        if form.is_valid():
            try:
                services.member_declare(by=request.user, member=member, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Declaration recorded."))
                return redirect("inspections:detail", pk=pk)
        if member.user_id != request.user.pk:
            messages.error(request, form.errors.get("__all__", [""])[0] if form.errors else "")
            return redirect("inspections:detail", pk=pk)
        return render(
            request,
            "inspections/inspection_detail.html",
            detail_context(request, self.inspection, bound={"declare": form}),
        )


class NotifyView(StepView):
    key = "notice"

    def perform(self, form, **kwargs):
        services.inspection_notify(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Inspection notice drafted; it is sent once checked and signed off by a leader.")


class StartView(StepView):
    key = "start"

    def perform(self, form, **kwargs):
        services.inspection_start(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("The inspection is on site.")


class EvidenceUploadView(StepView):
    key = "evidence"

    def perform(self, form, **kwargs):
        evidence = services.evidence_upload(
            by=self.request.user,
            inspection=self.inspection,
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        return _("File stored (SHA-256 %(sha)s).") % {"sha": evidence.sha256}


class FindingCreateView(StepView):
    key = "finding"

    def perform(self, form, **kwargs):
        finding = services.finding_create(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Finding “%(title)s” recorded.") % {"title": finding.title}


class FactsView(StepView):
    key = "facts"

    def perform(self, form, **kwargs):
        services.inspection_present_facts(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _(
            "Facts and assessment drafted, with the confirmation of facts for the institution's head to sign; "
            "both are numbered once checked and signed off by a leader."
        )


class ReportView(StepView):
    key = "report"

    def perform(self, form, **kwargs):
        services.inspection_report(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Inspection report drafted; it is numbered once checked and signed off by a leader.")


class OpinionView(StepView):
    key = "opinion"

    def perform(self, form, **kwargs):
        services.inspection_issue_opinion(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _(
            "Opinion letter and rectification notice drafted; once a leader signs them off, the institution "
            "rectifies each finding."
        )


class CloseView(StepView):
    key = "close"

    def perform(self, form, **kwargs):
        services.inspection_close(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Inspection closed.")


class CancelView(StepView):
    key = "cancel"

    def perform(self, form, **kwargs):
        services.inspection_cancel(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Inspection cancelled.")


class FollowUpView(StepView):
    key = "followup"

    def perform(self, form, **kwargs):
        services.followup_record(by=self.request.user, inspection=self.inspection, **form.cleaned_data)
        return _("Follow-up visit recorded.")


class FindingMixin(ScopedViewMixin):
    """The finding of the URL from those the user may see (institution users: after the opinion letter)."""

    action = Action.INSPECTION_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            self.finding = (
                selectors.finding_list(actor=request.user)
                .select_related("inspection__office", "institution__county")
                .filter(pk=kwargs["pk"])
                .first()
            )
            if self.finding is None:
                raise Http404
            if self.action == Action.INSPECTION_RUN and not may_run(request.user, self.finding.institution.county):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def context(self, *, file_form=None, decision_form=None) -> dict:
        user, finding = self.request.user, self.finding
        can_file = (
            can(user, Action.RECTIFICATION_FILE)
            and user.institution_id == finding.institution_id
            and finding.status in (FindingStatus.RECTIFYING, FindingStatus.RETURNED)
        )
        can_decide = may_run(user, finding.institution.county) and finding.status in (
            FindingStatus.SUBMITTED,
            FindingStatus.VERIFIED,
        )
        today = clock.today()
        return {
            "finding": finding,
            "overdue": is_overdue(finding, today),
            "reports": RectificationReport.objects.for_user(user)
            .filter(finding=finding)
            .select_related("submitted_by")
            .prefetch_related("evidence"),
            "decisions": RectificationDecision.objects.for_user(user).filter(finding=finding).select_related("by"),
            # a refused form stays on the page with its error even if the step is no longer open
            "file_form": file_form or (RectificationForm() if can_file else None),
            "decision_form": decision_form or (DecisionForm() if can_decide else None),
            "evidence": finding.evidence.filter(pk__in=EvidenceFile.objects.for_user(user).values("pk")),
            "can_register_fundraising": can(user, Action.FUNDRAISING_HANDLE),
        }


class FindingDetailView(FindingMixin, View):
    def get(self, request, pk):
        return render(request, "inspections/finding_detail.html", self.context())


class RectificationFileView(FindingMixin, View):
    action = Action.RECTIFICATION_FILE
    http_method_names = ["post"]

    def post(self, request, pk):
        form = RectificationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = services.rectification_submit(
                    by=request.user,
                    finding=self.finding,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Rectification report filed (version %(v)s).") % {"v": report.version})
                return redirect("inspections:finding_detail", pk=pk)
        return render(request, "inspections/finding_detail.html", self.context(file_form=form))


_DECIDE = {
    "verify": (services.rectification_verify, gettext_lazy("Rectification verified.")),
    "return": (services.rectification_return, gettext_lazy("Rectification report returned to the institution.")),
    "close": (services.rectification_close, gettext_lazy("Finding closed.")),
}


class RectificationDecideView(FindingMixin, View):
    action = Action.INSPECTION_RUN
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if form.is_valid():
            service, text = _DECIDE[form.cleaned_data["decision"]]
            try:
                service(by=request.user, finding=self.finding, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, text)
                return redirect("inspections:finding_detail", pk=pk)
        return render(request, "inspections/finding_detail.html", self.context(decision_form=form))
