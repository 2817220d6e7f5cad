from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.client_address import client_address

from .forms import LoginForm
from .gate import PASSWORD, pending_steps, step_done
from .password_change import password_change
from .throttle import login_throttled


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # The wider throttles (spraying from one address, one name from many) refuse before the
        # password is checked, as axes does for its own lockout.
        username = request.POST.get("username", "")[:150]
        throttle = login_throttled(username=username, address=client_address(request))
        if throttle:
            audit_record(
                action=AuditAction.REJECTED,
                object_type="accounts.user",
                object_repr=username,
                changes={"throttle": [None, throttle]},
            )
            return render(request, "accounts/locked_out.html", {"throttle": throttle}, status=429)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard:home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(expired=PASSWORD in pending_steps(self.request), **kwargs)

    def form_valid(self, form):
        password_change(user=form.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        step_done(self.request, PASSWORD)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())
