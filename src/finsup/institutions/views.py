"""Registry pages: parse the request, call one selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from finsup.accounts.policies import Action, can
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.lists import NAME, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin, reach_prime_rows

from . import decision_history, panels, selectors, services
from .forms import (
    InstitutionForm,
    KeyPersonForm,
    RelatedPartyForm,
    ShareholderForm,
    ShareholderGroupForm,
    StatusChangeForm,
    TrainingRecordForm,
)
from .models import Institution, KeyPerson, RelatedParty, Shareholder, ShareholderGroup

INSTITUTION_COLUMNS = (
    Column("name", gettext_lazy("name"), "name", kind=NAME, order=("name",)),
    Column("kind", gettext_lazy("kind"), "get_kind_display", order=("kind",)),
    Column("county", gettext_lazy("county"), "county.short_name", kind=NAME, order=("county__code",)),
    Column(
        "capital",
        gettext_lazy("registered capital (10,000 yuan)"),
        "registered_capital",
        order=("registered_capital",),
        css="num",
    ),
    Column("approved", gettext_lazy("approved on"), "approved_on", order=("approved_on",)),
    Column("status", gettext_lazy("status"), "get_status_display", order=("status",)),
    Column(
        "supervisor",
        gettext_lazy("lead supervisor"),
        "lead_supervisor",
        kind=NAME,
        order=("lead_supervisor__display_name",),
    ),
)


class InstitutionListView(ScopedViewMixin, ListPageMixin, ListView):
    """The registry's list; its export is the registry's own (institutions:export, audited), so the
    kit gives only the total, the paging and the sortable headers."""

    action = Action.INSTITUTION_VIEW
    template_name = "institutions/list.html"
    columns = INSTITUTION_COLUMNS
    default_sort = "name"

    def get_queryset(self):
        qs, self.filterset = selectors.institution_list(actor=self.request.user, filters=self.request.GET)
        return qs

    def get_template_names(self):
        return ["institutions/_table.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            can_change=can(self.request.user, Action.INSTITUTION_CHANGE),
            can_import=can(self.request.user, Action.INSTITUTION_IMPORT),
            can_export=can(self.request.user, Action.INSTITUTION_EXPORT),
            **kwargs,
        )


class InstitutionDetailView(ScopedViewMixin, DetailView):
    action = Action.INSTITUTION_VIEW
    model = Institution
    case_read_model = Institution  # an oversight body reads an institution its case links
    template_name = "institutions/detail.html"
    context_object_name = "institution"

    def get_context_data(self, **kwargs):
        institution = self.object
        staff = not self.request.user.is_institution_user
        shareholders = list(institution.shareholders.select_related("related_group"))
        context = super().get_context_data(
            tab=self.request.GET.get("tab", "overview"),
            can_change=can(self.request.user, Action.INSTITUTION_CHANGE),
            shareholders=shareholders,
            shareholder_groups=institution.shareholder_groups.all(),
            holdings=selectors.holdings(shareholders),
            key_persons=institution.key_persons.prefetch_related("trainings"),
            related_parties=institution.related_parties.all(),
            status_changes=institution.status_changes.select_related("recorded_by"),
            business_region=institution.business_region.all(),
            history=selectors.institution_history(institution=institution) if staff else [],
            decision_rows=decision_history.decision_rows(
                actor=self.request.user,
                changes=selectors.decision_changes(actor=self.request.user, institution=institution),
            ),
            **kwargs,
        )
        # The registry's tabs and those the apps above it registered (panels.py), in their order.
        tabs = panels.institution_tabs(actor=self.request.user, institution=institution, context=context)
        for rows in panels.registered_rows(context):  # the tabs link to their rows: may each be opened, at once
            reach_prime_rows(self.request.user, rows)
        context["tabs"] = tabs
        context["tab_shown"] = next((t for t in tabs if t.key == context["tab"]), tabs[0])
        return context


class ServiceFormView(ScopedViewMixin, FormView):
    """A form whose valid data goes to one service; service errors land on the form."""

    action = Action.INSTITUTION_CHANGE
    template_name = "institutions/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, cancel_url=self.cancel_url(), **kwargs)

    def cancel_url(self):
        return self.request.META.get("HTTP_REFERER", "")

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except (ApplicationError, ValidationError) as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(result))


class InstitutionMixin:
    """Loads the institution of the URL through the scoped queryset (404 outside jurisdiction)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.institution = get_object_or_404(Institution.objects.for_user(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self):
        return self.institution_url()

    def institution_url(self, tab="overview"):
        return f"{self.institution.get_absolute_url()}?tab={tab}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(institution=self.institution, **kwargs)


class InstitutionCreateView(ServiceFormView):
    form_class = InstitutionForm
    title = _("New institution")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def cancel_url(self):
        return "/institutions/"

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "business_region"}
        return services.institution_create(
            by=self.request.user, data=data, business_region=form.cleaned_data["business_region"]
        )

    def success_url_for(self, institution):
        return institution.get_absolute_url()


class InstitutionUpdateView(InstitutionMixin, ServiceFormView):
    form_class = InstitutionForm
    title = _("Edit institution")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "instance": Institution.objects.get(pk=self.institution.pk),
        }

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "business_region"}
        return services.institution_update(
            by=self.request.user,
            institution=self.institution,
            data=data,
            business_region=form.cleaned_data["business_region"],
        )

    def success_url_for(self, institution):
        return institution.get_absolute_url()


class StatusChangeView(InstitutionMixin, ServiceFormView):
    form_class = StatusChangeForm
    title = _("Change status")

    def perform(self, form):
        return services.institution_change_status(
            by=self.request.user, institution=self.institution, **form.cleaned_data
        )

    def success_url_for(self, change):
        return self.institution_url("status")


class ChildFormView(InstitutionMixin, ServiceFormView):
    """Add or edit a row belonging to the institution (shareholder, key person, related party)."""

    child_model = None
    tab = ""
    service = None
    service_arg = ""

    def get_child(self):
        if "child_pk" not in self.kwargs:
            return self.child_model(institution=self.institution)
        return get_object_or_404(
            self.child_model.objects.filter(institution=self.institution), pk=self.kwargs["child_pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_child()}

    def perform(self, form):
        return type(self).service(by=self.request.user, **{self.service_arg: form.instance})

    def success_url_for(self, _result):
        return self.institution_url(self.tab)


class ShareholderFormView(ChildFormView):
    form_class, child_model, tab = ShareholderForm, Shareholder, "shareholders"
    service, service_arg, title = services.shareholder_save, "shareholder", _("Shareholder")


class ShareholderGroupFormView(ChildFormView):
    form_class, child_model, tab = ShareholderGroupForm, ShareholderGroup, "shareholders"
    service, service_arg, title = services.shareholder_group_save, "group", _("Related shareholder group")


class KeyPersonFormView(ChildFormView):
    form_class, child_model, tab = KeyPersonForm, KeyPerson, "people"
    service, service_arg, title = services.key_person_save, "person", _("Director, supervisor or executive")


class RelatedPartyFormView(ChildFormView):
    form_class, child_model, tab = RelatedPartyForm, RelatedParty, "related"
    service, service_arg, title = services.related_party_save, "party", _("Related party")


class TrainingRecordFormView(InstitutionMixin, ServiceFormView):
    form_class = TrainingRecordForm
    title = _("Training record")

    def get_form_kwargs(self):
        person = get_object_or_404(KeyPerson.objects.filter(institution=self.institution), pk=self.kwargs["child_pk"])
        return {**super().get_form_kwargs(), "instance": person.trainings.model(key_person=person)}

    def perform(self, form):
        return services.training_record_add(by=self.request.user, record=form.instance)

    def success_url_for(self, _result):
        return self.institution_url("people")


class ChildDeleteView(InstitutionMixin, ScopedViewMixin, View):
    """POST only: removes a shareholder, a related shareholder group or a related party (the audit
    trail keeps what it was)."""

    action = Action.INSTITUTION_CHANGE
    http_method_names = ["post"]
    targets = {
        "shareholder": (Shareholder, services.shareholder_delete, "shareholder", "shareholders"),
        "shareholder-group": (ShareholderGroup, services.shareholder_group_delete, "group", "shareholders"),
        "related-party": (RelatedParty, services.related_party_delete, "party", "related"),
    }

    def post(self, request, pk, kind, child_pk):
        if kind not in self.targets:
            raise Http404
        model, service, arg, tab = self.targets[kind]
        child = get_object_or_404(model.objects.filter(institution=self.institution), pk=child_pk)
        try:
            service(by=request.user, **{arg: child})
            messages.success(request, _("Deleted."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(self.institution_url(tab))
