"""Generic view plumbing: every staff or institution page is a ScopedView."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from finsup.accounts.policies import Action, can
from finsup.core import clock
from finsup.core.errors import ApplicationError

from .forms import add_service_error


class ScopedViewMixin(LoginRequiredMixin):
    """Requires login and a role that has `action`; objects come only from `for_user()`.

    A user who lacks the action, or asks for an object outside their jurisdiction, gets 404.
    """

    action: Action
    model = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, self.action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)


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
