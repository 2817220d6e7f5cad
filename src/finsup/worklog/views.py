"""Pages of the duty register: parse, call one selector or service, render."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.documents.choices import DocumentKind
from finsup.documents.selectors import document_register
from finsup.duties import selectors as duties
from finsup.web.views import ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, ServiceStepMixin

from . import links, selectors, services
from .choices import RecordKind
from .forms import AccountForm, AssignForm, DocumentForm, DoneForm, LinkForm, MeetingForm, NoteForm, TaskForm

DUE_SOON_DAYS = 14


def _office_param(request, offices):
    code = request.GET.get("office", "")
    if not code:
        return None
    office = next((o for o in offices if o.code == code), None)
    if office is None:
        raise Http404
    return office


def account_form(data=None) -> AccountForm:
    today = clock.today()
    years = [today.year, today.year - 1, today.year - 2]
    return AccountForm(data, duties=duties.responsibility_list().duties, years=years, initial={"year": today.year})


def _account_context(request, **forms) -> dict:
    """The performance report's form and the office's reports, for those who may draft one."""
    actor = request.user
    if not can(actor, Action.WORKLOG_PLAN) or not actor.office_id:
        return {}
    return {
        "account_form": forms.get("account_form") or account_form(),
        "reports": document_register(actor=actor, kind=DocumentKind.PERFORMANCE_REPORT, office=actor.office)[:10],
    }


def register_context(request, **forms) -> dict:
    """The register page: the 27 items, the user's tasks due, and the performance report's form."""
    actor, today = request.user, clock.today()
    offices = list(selectors.offices(actor=actor))
    office = _office_param(request, offices)
    return {
        "rows": selectors.register(actor=actor, as_of=today, office=office),
        "offices": offices if len(offices) > 1 else [],
        "office": office,
        "today": today,
        "mine_overdue": [
            (duties.item(task.item).numeral, task, period)
            for task, period in selectors.tasks_overdue(actor=actor, as_of=today, responsible=actor)
        ],
        "mine_soon": [
            (duties.item(s.task.item).numeral, s.task, s.next_period)
            for s in selectors.tasks_due_soon(actor=actor, as_of=today, days=DUE_SOON_DAYS, responsible=actor)
        ],
        **_account_context(request, **forms),
    }


class RegisterView(ScopedViewMixin, TemplateView):
    action = Action.WORKLOG_VIEW
    template_name = "worklog/register.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**register_context(self.request), **kwargs)


def _item_or_404(item_id: int):
    try:
        return duties.item(item_id)
    except KeyError:
        raise Http404 from None


def _record_forms(request, item_id: int) -> dict:
    actor = request.user
    own = selectors.tasks(actor=actor).filter(item=item_id, office=actor.office_id, active=True)
    today = clock.today()
    initial = {"done_on": today}
    return {
        "meeting_form": MeetingForm(prefix="meeting", task_choices=own, initial=initial | {"kind": RecordKind.MEETING}),
        "document_form": DocumentForm(
            prefix="document",
            task_choices=own,
            documents=links.document_choices(actor=actor),
            initial=initial | {"kind": RecordKind.DOCUMENT},
        ),
        "link_form": LinkForm(
            prefix="link",
            task_choices=own,
            records=links.choices(actor=actor),
            initial=initial | {"kind": RecordKind.LINK},
        ),
        "note_form": NoteForm(prefix="note", task_choices=own, initial=initial | {"kind": RecordKind.NOTE}),
    }


def item_context(request, item_id: int, **forms) -> dict:
    actor, today = request.user, clock.today()
    item = _item_or_404(item_id)
    offices = list(selectors.offices(actor=actor))
    office = _office_param(request, offices)
    page = selectors.item_page(actor=actor, item_id=item_id, as_of=today, office=office)
    may_record = can(actor, Action.WORKLOG_RECORD)
    may_plan = can(actor, Action.WORKLOG_PLAN)
    staff = selectors.staff_of(actor.office) if actor.office_id else None
    context = {
        "item": item,
        "duty": duties.duty(item.duty_id),
        "offices": offices if len(offices) > 1 else [],
        "office": office,
        "today": today,
        "may_record": may_record,
        "may_plan": may_plan,
        "own_office": actor.office,
        "done_task": forms.get("done_task"),
        **page,
    }
    for state in page["states"]:
        task = state.task
        state.recordable = may_record and task.office_id == actor.office_id and (task.active or bool(state.overdue))
        state.stoppable = may_plan and task.active and task.office_id == actor.office_id
        if forms.get("done_task") == task.pk:
            state.done_form = forms["done_form"]
        elif state.recordable:
            state.done_form = DoneForm(prefix=f"done-{task.pk}", initial={"done_on": today})
    if may_plan:
        context["assign_form"] = forms.get("assign_form") or AssignForm(prefix="assign", staff=staff)
        context["task_form"] = forms.get("task_form") or TaskForm(
            prefix="task", staff=staff, initial={"responsible": actor.pk, "starts_on": today}
        )
    if may_record:
        context |= _record_forms(request, item_id)
        for name in ("meeting_form", "document_form", "link_form", "note_form"):
            if forms.get(name) is not None:
                context[name] = forms[name]
                context["open_form"] = name
    return context


class ItemView(ScopedViewMixin, TemplateView):
    action = Action.WORKLOG_VIEW
    template_name = "worklog/item.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**item_context(self.request, kwargs.pop("item")), **kwargs)


class _ItemPost(ScopedViewMixin, ServicePostMixin, View):
    page_template = "worklog/item.html"

    def dispatch(self, request, *args, **kwargs):
        self.item_id = kwargs["item"]
        if request.user.is_authenticated and can(request.user, self.action):
            _item_or_404(self.item_id)
        return super().dispatch(request, *args, **kwargs)

    def page_context(self, **forms) -> dict:
        return item_context(self.request, self.item_id, **forms)

    def get_success_url(self) -> str:
        return reverse("worklog:item", args=[self.item_id])


class AssignView(_ItemPost):
    action = Action.WORKLOG_PLAN
    form_name = "assign_form"

    def get_form(self):
        return AssignForm(self.request.POST, prefix="assign", staff=selectors.staff_of(self.request.user.office))

    def call(self, form) -> str:
        c = form.cleaned_data
        services.assignment_set(
            by=self.request.user,
            office=self.request.user.office,
            item=self.item_id,
            responsible=c["responsible"],
            note=c["note"],
        )
        return _("Saved: who answers for the item.")


class TaskAddView(_ItemPost):
    action = Action.WORKLOG_PLAN
    form_name = "task_form"

    def get_form(self):
        return TaskForm(self.request.POST, prefix="task", staff=selectors.staff_of(self.request.user.office))

    def call(self, form) -> str:
        c = form.cleaned_data
        services.task_add(
            by=self.request.user,
            office=self.request.user.office,
            item=self.item_id,
            title=c["title"],
            frequency=c["frequency"],
            responsible=c["responsible"],
            due_days=c["due_days"] if c["due_days"] is not None else 0,
            due_on=c["due_on"],
            starts_on=c["starts_on"],
        )
        return _("The task was added.")


_RECORD_FORMS = {
    RecordKind.MEETING: ("meeting", MeetingForm),
    RecordKind.DOCUMENT: ("document", DocumentForm),
    RecordKind.LINK: ("link", LinkForm),
    RecordKind.NOTE: ("note", NoteForm),
}


class RecordAddView(_ItemPost):
    action = Action.WORKLOG_RECORD

    def get_form(self):
        actor = self.request.user
        kind = self.request.POST.get("kind", "")
        prefix, form_class = _RECORD_FORMS.get(kind, _RECORD_FORMS[RecordKind.NOTE])
        self.form_name = f"{prefix}_form"
        own = selectors.tasks(actor=actor).filter(item=self.item_id, office=actor.office_id, active=True)
        extra = {}
        if form_class is DocumentForm:
            extra["documents"] = links.document_choices(actor=actor)
        elif form_class is LinkForm:
            extra["records"] = links.choices(actor=actor)
        data = self.request.POST.copy()
        data.setdefault(f"{prefix}-kind", kind)
        return form_class(data, prefix=prefix, task_choices=own, **extra)

    def call(self, form) -> str:
        c, actor = form.cleaned_data, self.request.user
        common = {"by": actor, "office": actor.office, "item": self.item_id, "done_on": c["done_on"], "task": c["task"]}
        if isinstance(form, MeetingForm):
            services.meeting_record(
                **common,
                title=c["title"],
                attendees=c["attendees"],
                minutes=c["minutes"],
                decisions=c["decisions"],
                follow_ups=c["follow_ups"],
            )
            return _("The meeting was recorded.")
        if isinstance(form, DocumentForm):
            services.document_record(**common, document_id=c["document"], text=c["text"])
        elif isinstance(form, LinkForm):
            services.link_record(**common, source=c["source"], text=c["text"])
        else:
            services.note_record(**common, title=c["title"], text=c["text"])
        return _("The work record was added.")


class _TaskPost(ScopedObjectMixin, ScopedViewMixin, ServicePostMixin, View):
    object_name = "task"
    page_template = "worklog/item.html"

    def load_object(self, actor, pk):
        return selectors.task_get(actor=actor, pk=pk)

    def get_success_url(self) -> str:
        return reverse("worklog:item", args=[self.task.item]) + f"#task-{self.task.pk}"


class TaskDoneView(_TaskPost):
    action = Action.WORKLOG_RECORD
    form_name = "done_form"

    def get_form(self):
        return DoneForm(self.request.POST, prefix=f"done-{self.task.pk}")

    def page_context(self, **forms) -> dict:
        return item_context(self.request, self.task.item, done_task=self.task.pk, **forms)

    def call(self, form) -> str:
        c = form.cleaned_data
        services.task_done(by=self.request.user, task=self.task, done_on=c["done_on"], text=c["text"])
        return _("Recorded as done.")


class TaskStopView(ScopedObjectMixin, ScopedViewMixin, ServiceStepMixin, View):
    action = Action.WORKLOG_PLAN
    object_name = "task"

    def load_object(self, actor, pk):
        return selectors.task_get(actor=actor, pk=pk)

    def step(self) -> str:
        services.task_stop(by=self.request.user, task=self.task)
        return _("The task was stopped; its past periods keep their deadlines.")

    def get_success_url(self) -> str:
        return reverse("worklog:item", args=[self.task.item]) + f"#task-{self.task.pk}"


class AccountDraftView(ScopedViewMixin, ServicePostMixin, View):
    """Drafts the office's performance report of one duty and year, then opens the document."""

    action = Action.WORKLOG_PLAN
    form_name = "account_form"
    page_template = "worklog/register.html"

    def get_form(self):
        return account_form(self.request.POST)

    def call(self, form) -> str:
        c = form.cleaned_data
        self.document = services.performance_report_draft(
            by=self.request.user, office=self.request.user.office, duty=c["duty"], year=c["year"]
        )
        return _("The performance report was drafted: %(title)s.") % {"title": self.document.title}

    def page_context(self, **forms) -> dict:
        return register_context(self.request, **forms)

    def get_success_url(self) -> str:
        return reverse("documents:detail", args=[self.document.pk])
