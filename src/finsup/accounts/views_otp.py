"""The second factor's pages: the code step after the password, enrolment, one's own security page
(new recovery codes), and the leaders' list of users with the reset of a lost authenticator."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from finsup.core.errors import ApplicationError
from finsup.web.views import ScopedViewMixin

from . import second_factor as sf
from . import selectors
from .forms import OtpCodeForm, OtpConfirmForm
from .gate import OTP, pending_steps, step_done
from .models import User
from .policies import Action, can


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/dashboard/"


def _locked(request, exc):
    """Too many wrong codes: the half-open session ends; the login starts again after the wait."""
    logout(request)
    return render(request, "accounts/locked_out.html", {"throttle": "otp", "message": exc.message}, status=429)


def _submit_code(request, form, call):
    """(result, None) when `call(code)` accepted the form's code; (None, None) with the refusal on the
    form; (None, the locked page) after too many wrong codes."""
    if not form.is_valid():
        return None, None
    try:
        return call(form.cleaned_data["code"]), None
    except sf.CodesLocked as exc:
        return None, _locked(request, exc)
    except ApplicationError as exc:
        form.add_error("code", exc.message)
        return None, None


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@method_decorator(never_cache, name="dispatch")
class OtpVerifyView(LoginRequiredMixin, View):
    """The code after the password: a 6-digit code or a recovery code."""

    template_name = "accounts/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if OTP not in pending_steps(request):
                return redirect(_next_url(request))
            if not sf.has_second_factor(request.user):
                return redirect("accounts:otp_enrol")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": OtpCodeForm(), "next": _next_url(request)})

    def post(self, request):
        form = OtpCodeForm(request.POST)
        device, locked = _submit_code(request, form, lambda code: sf.otp_verify(user=request.user, code=code))
        if locked or device is None:
            return locked or render(request, self.template_name, {"form": form, "next": _next_url(request)}, status=400)
        django_otp.login(request, device)
        step_done(request, OTP)
        if isinstance(device, sf.StaticDevice):
            messages.warning(
                request,
                _("You logged in with a recovery code; {n} are left. Make new ones on the security page.").format(
                    n=sf.recovery_codes_left(request.user)
                ),
            )
        return redirect(_next_url(request))


@method_decorator(never_cache, name="dispatch")
class OtpEnrolView(LoginRequiredMixin, View):
    """Set up an authenticator: the QR code and the secret, confirmed with a first code; then the
    recovery codes, shown once (rendered, never redirected: they must not wait in a session)."""

    template_name = "accounts/otp_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and sf.has_second_factor(request.user):
            return redirect("accounts:security" if OTP not in pending_steps(request) else "accounts:otp_verify")
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request, form, status=200):
        device = sf.otp_enrol_device(user=request.user)
        context = {
            "form": form,
            "secret": sf.otp_secret(device),
            "qr": sf.otp_qr_data_uri(device),
            "required": sf.otp_required(request.user),
            "next": _next_url(request),
        }
        return _no_store(render(request, self.template_name, context, status=status))

    def get(self, request):
        return self._page(request, OtpConfirmForm())

    def post(self, request):
        form = OtpConfirmForm(request.POST)
        device = sf.otp_enrol_device(user=request.user)
        codes, locked = _submit_code(
            request, form, lambda code: sf.otp_enrol_confirm(user=request.user, device=device, code=code)
        )
        if locked or codes is None:
            return locked or self._page(request, form, status=400)
        django_otp.login(request, device)
        step_done(request, OTP)
        context = {"codes": codes, "next": _next_url(request), "enrolled": True}
        return _no_store(render(request, "accounts/recovery_codes.html", context))


@method_decorator(never_cache, name="dispatch")
class SecurityView(LoginRequiredMixin, View):
    """One's own login security: the authenticator, the recovery codes left, new codes."""

    template_name = "accounts/security.html"

    def _page(self, request, form, status=200):
        user = request.user
        context = {
            "form": form,
            "has_device": sf.has_second_factor(user),
            "required": sf.otp_required(user),
            "codes_left": sf.recovery_codes_left(user),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._page(request, OtpConfirmForm())

    def post(self, request):
        form = OtpConfirmForm(request.POST)
        codes, locked = _submit_code(
            request, form, lambda code: sf.recovery_codes_regenerate(user=request.user, code=code)
        )
        if locked or codes is None:
            return locked or self._page(request, form, status=400)
        return _no_store(render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/dashboard/"}))


class OtpUserListView(ScopedViewMixin, View):
    """Leaders: the users of their jurisdiction and whether each has an authenticator."""

    action = Action.OTP_RESET

    def get(self, request):
        rows = selectors.second_factor_overview(actor=request.user)
        return render(request, "accounts/otp_users.html", {"rows": rows})


class OtpResetView(ScopedViewMixin, View):
    action = Action.OTP_RESET
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # The user is looked up before the method is checked: outside the jurisdiction is 404.
        if request.user.is_authenticated and can(request.user, self.action):
            try:
                self.target = selectors.user_in_reach(actor=request.user, pk=kwargs["pk"])
            except User.DoesNotExist:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        try:
            sf.otp_reset(by=request.user, user=self.target)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The authenticator of {user} was removed; they set up a new one at their next login.").format(
                    user=self.target
                ),
            )
        return redirect("accounts:otp_users")
