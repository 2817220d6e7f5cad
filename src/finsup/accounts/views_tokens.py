"""An institution's API tokens: list, create (the clear token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from finsup.core.errors import ApplicationError
from finsup.web.views import ScopedViewMixin

from . import selectors
from .forms import ApiTokenForm
from .models import ApiToken
from .policies import Action
from .tokens import api_token_create, api_token_revoke


class ApiTokenListView(ScopedViewMixin, FormView):
    action = Action.API_TOKEN_MANAGE
    form_class = ApiTokenForm
    template_name = "accounts/tokens.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tokens=selectors.api_token_list(actor=self.request.user), **kwargs)

    def form_valid(self, form):
        try:
            token, clear = api_token_create(by=self.request.user, name=form.cleaned_data["name"])
        except ApplicationError as exc:
            form.add_error("name" if exc.field == "name" else None, exc.message)
            return self.form_invalid(form)
        # Rendered, not redirected: the clear token must not travel in a URL or wait in the session.
        response = self.render_to_response(self.get_context_data(form=ApiTokenForm(), created=token, clear=clear))
        response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevokeView(ScopedViewMixin, View):
    action = Action.API_TOKEN_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            token = selectors.api_token_get(actor=request.user, pk=pk)
        except ApiToken.DoesNotExist:
            raise Http404 from None
        api_token_revoke(by=request.user, token=token)
        messages.success(
            request,
            _("The token “{name}” was revoked: systems using it can no longer call the API.").format(name=token.name),
        )
        return redirect("accounts:api_tokens")
