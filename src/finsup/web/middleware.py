from finsup.core.client_address import client_address
from finsup.core.request_context import Actor, acting_as


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
