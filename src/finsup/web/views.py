"""Generic view plumbing: every staff or institution page is a ScopedView."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.scoping import case_record_ids, reads_through_case

from .forms import add_service_error


class ScopedViewMixin(LoginRequiredMixin):
    """Requires login and a role that has `action`; objects come only from `for_user()`.

    A user who lacks the action, or asks for an object outside their jurisdiction, gets 404. A page
    of one record that names `case_read_model` may also be read (GET only) by an oversight body
    holding a case that links that record (finsup.core.scoping's case reads), and the read is audited.
    """

    action: Action
    model = None
    case_read_model = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.through_case = False
        if not can(request.user, self.action):
            if not view_reads_through_case(type(self), request.user, kwargs, method=request.method):
                raise Http404
            reads_through_case(request.user, self.case_read_model, kwargs["pk"], audit=True)
            self.through_case = True
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = self.model.objects.for_user(self.request.user)
        if getattr(self, "through_case", False):
            qs = qs.filter(pk__in=case_record_ids(self.request.user, self.model))
        return qs


def view_reads_through_case(view_class, user, kwargs, *, method: str = "GET") -> bool:
    model = getattr(view_class, "case_read_model", None)
    return (
        model is not None
        and method in ("GET", "HEAD")
        and "pk" in kwargs
        and reads_through_case(user, model, kwargs["pk"])
    )


def view_allows(view_class, user, kwargs) -> bool:
    """Whether `user` may open (GET) the page of `view_class` with these URL arguments: the question
    its dispatch asks (the role's action, or a read through a case) and, for a page of one record of
    a scoped model, whether that record is within the user's reach. For links (templatetags.may_open)."""
    action = getattr(view_class, "action", None)
    if action is None:
        return True
    if not (can(user, action) or view_reads_through_case(view_class, user, kwargs)):
        return False
    model = getattr(view_class, "case_read_model", None) or getattr(view_class, "model", None)
    if model is not None and "pk" in kwargs and hasattr(model.objects, "for_user"):
        pk = int(kwargs["pk"])
        known = _reach(user, model)
        if pk not in known:
            reach_prime(user, model, [pk])
        return known[pk]
    return True


def reach_prime(user, model, pks) -> None:
    """Finds out in one query which of these records of `model` are within the user's reach, kept
    on the user object for the request: a page about to link to its rows primes them, so its links
    cost one query per model, however many rows and however much history lies beyond them (a link
    not primed is one query of its own)."""
    known = _reach(user, model)
    wanted = {int(pk) for pk in pks} - known.keys()
    if wanted:
        found = set(model.objects.for_user(user).filter(pk__in=wanted).values_list("pk", flat=True))
        known.update((pk, pk in found) for pk in wanted)


def reach_prime_records(user, records) -> None:
    """`reach_prime` for (model, pk) pairs of any models, one query per scoped model."""
    by_model: dict[type, set[int]] = {}
    for model, pk in records:
        if hasattr(model.objects, "for_user"):
            by_model.setdefault(model, set()).add(int(pk))
    for model, pks in by_model.items():
        reach_prime(user, model, pks)


def reach_prime_rows(user, rows) -> None:
    """`reach_prime` for the records among `rows` (model instances of scoped models)."""
    reach_prime_records(user, ((type(row), row.pk) for row in rows if isinstance(row, models.Model)))


def _reach(user, model) -> dict[int, bool]:
    return user.__dict__.setdefault("_reachable_pks", {}).setdefault(model._meta.label_lower, {})


class ScopedObjectMixin:
    """Loads the page's object through its scoped selector before the method is checked, so that
    whoever may not see it gets 404, not 405. Subclasses name the attribute (`object_name`) and
    give `load_object(actor, pk)`, which raises the model's DoesNotExist outside the actor's reach."""

    object_name = "object"

    def load_object(self, actor, pk):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                setattr(self, self.object_name, self.load_object(request.user, kwargs["pk"]))
            except ObjectDoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)


class ServicePostMixin:
    """A POST-only step of a page: validate `form_class`, make one service call (`call(form)`, which
    returns the message to show), and go back to the page; a refusal is shown on the page next to
    its form, under `form_name`, with status 400 and nothing changed. Subclasses give
    `page_template`, `page_context(**forms)` and `get_success_url()`."""

    http_method_names = ["post"]
    form_class = None
    form_name = ""
    page_template = ""

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES)

    def call(self, form) -> str:
        raise NotImplementedError

    def page_context(self, **forms) -> dict:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.call(form)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, str(message))
                return redirect(self.get_success_url())
        return render(request, self.page_template, self.page_context(**{self.form_name: form}), status=400)


class ServiceStepMixin:
    """A POST-only step of a page with nothing to fill in (draft a notice, a report): one service
    call (`step()`, which returns the message to show), then back to the page; a refusal is shown
    as an error message and changes nothing. Subclasses give `get_success_url()`."""

    http_method_names = ["post"]

    def step(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.step()
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(message))
        return redirect(self.get_success_url())


def download_response(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored upload as a download, never rendered inline: its type was sniffed from the content
    when it came in, and the browser is told not to guess another."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def as_of_param(request) -> datetime.date:
    """The day a page is computed for: ?as_of=YYYY-MM-DD, today by default; a malformed date is 404."""
    value = request.GET.get("as_of")
    if not value:
        return clock.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
