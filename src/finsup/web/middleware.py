from django.conf import settings
from django.shortcuts import render

from finsup.core import clock
from finsup.core.client_address import client_address
from finsup.core.errors import ApplicationError, status_of
from finsup.core.request_context import Actor, acting_as

from .views import not_found


class RequestContextMiddleware:
    """Makes the acting user and client address available to services (for the audit trail)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        channel = "api" if request.path.startswith("/api/") else "web"
        actor = Actor(
            user=user, label=str(user) if user else "anonymous", address=client_address(request), channel=channel
        )
        with acting_as(actor):
            return self.get_response(request)


class DefaultLanguageMiddleware:
    """zh-Hans unless the user chose otherwise (the language cookie): a browser's
    Accept-Language does not switch the platform to English by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ServiceErrorMiddleware:
    """A service's refusal that no view caught answers with the status its class declares
    (core.errors.status_of), never a 500: out of reach or missing is the 404 page, a role that may not
    act is 403, any other refusal shows its message (400, 409, …). Views that offer a form catch their
    services' errors themselves and show them next to the form (forms.add_service_error). Under /api/
    the API's own handler answers first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        status = status_of(exception)
        if status == 404:
            return not_found(request)
        return render(request, "refused.html", {"message": exception.message}, status=status)


class SessionRefreshMiddleware:
    """Keeps a signed-in session alive while it is used without writing it on every request: the
    session is saved (and its 30 idle minutes start again) when it was last refreshed more than
    SESSION_REFRESH_SECONDS ago, so an idle session still ends 30 minutes after its last use, give or
    take that minute, and a busy user's pages read their session without writing it. Sits inside
    Django's SessionMiddleware, which saves a session marked modified."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            moment = int(clock.now().timestamp())
            if not 0 <= moment - session.get(self.KEY, 0) < settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = moment
        return self.get_response(request)

    @classmethod
    def signed_in(cls, sender, request, user, **kwargs) -> None:
        """user_logged_in: signing in saves the session, which counts as its first refresh."""
        session = getattr(request, "session", None)
        if session is not None:
            session[cls.KEY] = int(clock.now().timestamp())
