from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .gate import OTP, PASSWORD, pending_steps, second_factor_lost
from .second_factor import has_second_factor

# Pages a user on a gate step may still open (besides the step's own page).
ALWAYS_OPEN = {"accounts:logout", "set_language"}
STEP_PAGES = {OTP: {"accounts:otp_verify", "accounts:otp_enrol"}, PASSWORD: {"accounts:password_change"}}


class AccountGateMiddleware:
    """Keeps a logged-in user who has not finished the login (second factor, expired password) out
    of every page but that step's, logout and the language switch; the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        if request.path.startswith("/api/") and request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return None  # a token caller: the token is the credential, not this session
        if second_factor_lost(request):
            logout(request)
            return redirect(settings.LOGIN_URL)
        steps = pending_steps(request)
        if not steps:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_OPEN or name in STEP_PAGES[steps[0]]:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "login_incomplete", "detail": "Finish logging in (second factor or new password) first."},
                status=403,
            )
        if steps[0] == OTP:
            target = reverse("accounts:otp_verify" if has_second_factor(request.user) else "accounts:otp_enrol")
        else:
            target = reverse("accounts:password_change")
        if request.method == "GET" and not request.htmx:
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
