"""Staff pages for complaints and tip-offs: parse, call one selector or service, render."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from finsup.accounts.policies import Action, can
from finsup.web.lists import DATETIME, NAME, Column, ListPageMixin
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, download_response

from . import selectors, services
from .choices import COMPLAINT_TRANSITIONS, HANDLING_STEPS, ComplaintStatus
from .forms import (
    ComplaintNoteForm,
    ComplaintPublishForm,
    ComplaintReferralForm,
    ComplaintResultForm,
    ComplaintStepForm,
)
from .models import ComplaintAttachment

COMPLAINT_COLUMNS = (
    Column("code", gettext_lazy("tracking code"), "tracking_code", order=("tracking_code",), export=False),
    Column("subject", pgettext_lazy("complaint", "subject"), "subject", kind=NAME, order=("subject",)),
    Column("kind", gettext_lazy("kind"), "get_kind_display", table=False),
    Column(
        "institution",
        gettext_lazy("institution"),
        lambda c: c.institution.name if c.institution else c.respondent_name,
        kind=NAME,
        order=("institution__name",),
    ),
    Column("office", gettext_lazy("handling office"), "office.short_name", kind=NAME, order=("office__short_name",)),
    Column("received", gettext_lazy("received at"), "received_at", kind=DATETIME, order=("received_at",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column(
        "assigned",
        gettext_lazy("assigned to"),
        lambda c: c.assigned_to or "",
        kind=NAME,
        order=("assigned_to__display_name",),
    ),
)


class ComplaintListView(ScopedViewMixin, ListPageMixin, ListView):
    action = Action.COMPLAINT_VIEW
    template_name = "complaints/list.html"
    context_object_name = "complaints"
    columns = COMPLAINT_COLUMNS
    default_sort = "-received"
    export_title = gettext_lazy("Complaints and tip-offs")

    def get_queryset(self):
        return selectors.complaint_list(actor=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=ComplaintStatus.choices, current=self.request.GET, **kwargs)


class ComplaintMixin(ScopedObjectMixin):
    object_name = "complaint"

    def load_object(self, actor, pk):
        return selectors.complaint_get(actor=actor, pk=pk)

    def page_context(self, **forms) -> dict:
        user, c = self.request.user, self.complaint
        handle = can(user, Action.COMPLAINT_HANDLE)
        allowed = COMPLAINT_TRANSITIONS[c.status]
        context = {
            "complaint": c,
            "deadline": selectors.complaint_deadline(c),
            "steps": selectors.complaint_history(complaint=c),
            "notes": c.notes.select_related("by"),
            "referrals": c.referrals.select_related("by"),
            "attachments": c.attachments.all(),
            "can_handle": handle,
            "next_steps": [(s, ComplaintStatus(s).label) for s in HANDLING_STEPS if s in allowed] if handle else [],
            "step_form": forms.get("step_form") or ComplaintStepForm(),
            "result_form": forms.get("result_form") or ComplaintResultForm(),
            "note_form": forms.get("note_form") or ComplaintNoteForm(),
            "referral_form": forms.get("referral_form") or ComplaintReferralForm(),
            "publish_form": forms.get("publish_form") or ComplaintPublishForm(),
            "can_resolve": handle and ComplaintStatus.RESOLVED in allowed,
            # registering the tip-off as a suspected illegal-fundraising entity (finsup.fundraising)
            "can_register_fundraising": c.illegal_fundraising and can(user, Action.FUNDRAISING_HANDLE),
            "can_publish": can(user, Action.COMPLAINT_PUBLISH) and ComplaintStatus.PUBLISHED in allowed,
        }
        if context["can_publish"]:
            context["preview"] = services.complaint_redacted_result(complaint=c)
        return context


class ComplaintDetailView(ComplaintMixin, ScopedViewMixin, DetailView):
    action = Action.COMPLAINT_VIEW
    template_name = "complaints/detail.html"

    def get_object(self, queryset=None):
        return self.complaint

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class ComplaintPostView(ComplaintMixin, ServicePostMixin, ScopedViewMixin, View):
    action = Action.COMPLAINT_HANDLE
    page_template = "complaints/detail.html"

    def get_success_url(self) -> str:
        return self.complaint.get_absolute_url()


class ComplaintStepView(ComplaintPostView):
    form_class, form_name = ComplaintStepForm, "step_form"

    def call(self, form):
        self.complaint = services.complaint_transition(
            complaint=self.complaint,
            to_status=self.request.POST.get("to_status", ""),
            by=self.request.user,
            note=form.cleaned_data["note"],
        )
        return _("The complaint is now “%(status)s”.") % {"status": self.complaint.get_status_display()}


class ComplaintResultView(ComplaintPostView):
    form_class, form_name = ComplaintResultForm, "result_form"

    def call(self, form):
        services.complaint_resolve(complaint=self.complaint, by=self.request.user, result=form.cleaned_data["result"])
        return _("The result is recorded. Check the redacted text, then publish it.")


class ComplaintPublishView(ComplaintPostView):
    action = Action.COMPLAINT_PUBLISH
    form_class, form_name = ComplaintPublishForm, "publish_form"

    def call(self, form):
        services.complaint_publish(
            complaint=self.complaint, by=self.request.user, extra_names=form.cleaned_data["extra_names"]
        )
        return _("The redacted result is published on the portal under %(code)s.") % {
            "code": self.complaint.tracking_code
        }


class ComplaintNoteView(ComplaintPostView):
    form_class, form_name = ComplaintNoteForm, "note_form"

    def call(self, form):
        services.complaint_note_add(complaint=self.complaint, by=self.request.user, text=form.cleaned_data["text"])
        return _("The internal note is saved.")


class ComplaintReferView(ComplaintPostView):
    form_class, form_name = ComplaintReferralForm, "referral_form"

    def call(self, form):
        services.complaint_refer(complaint=self.complaint, by=self.request.user, **form.cleaned_data)
        return _("The referral is recorded.")


class ComplaintAttachmentView(ComplaintMixin, ScopedViewMixin, View):
    action = Action.COMPLAINT_VIEW

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(ComplaintAttachment.objects.filter(complaint=self.complaint), pk=attachment_pk)
        name, content_type = attachment.original_name, attachment.content_type
        return download_response(attachment.file, filename=name, content_type=content_type)
