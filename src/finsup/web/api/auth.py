"""How API callers authenticate: a browser session (staff and institution users), or an
institution's API token sent as `Authorization: Bearer fsk_…` (see accounts.tokens)."""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from finsup.accounts.tokens import api_token_authenticate
from finsup.core.client_address import client_address
from finsup.core.request_context import Actor, acting_as

MAX_TOKEN_LENGTH = 200


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_authenticate(token) if len(token) <= MAX_TOKEN_LENGTH else None
        if user is None:
            # A request that shows a bad token is refused, even if it also carries a session.
            raise AuthenticationError(401, _("The API token is not valid or was revoked."))
        request.user = user  # selectors and views read request.user, as for a session
        return user


token_auth = ApiTokenAuth()
# The token first: a token request needs no CSRF token, a session request does (for writes).
TOKEN_OR_SESSION = [token_auth, django_auth]


@contextlib.contextmanager
def api_caller(request):
    """The authenticated caller as the acting user of the audit trail. The request-context
    middleware ran before ninja authenticated a token, so it saw an anonymous request."""
    user = request.auth
    actor = Actor(user=user, label=str(user), address=client_address(request), channel="api")
    with acting_as(actor):
        yield user
