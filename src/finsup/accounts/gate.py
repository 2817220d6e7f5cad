"""What a user must do after the password before the platform opens: the second factor (enter a
code, or enrol first) and a new password when the old one is too old. Decided once at login and
kept in the session (so an ordinary page costs no query); AccountGateMiddleware holds the user on
the step's page until it is done."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .passwords import password_expired
from .second_factor import has_second_factor, otp_required

SESSION_KEY = "finsup_account_gate"
VERIFIED_KEY = "finsup_otp_verified"  # the session passed the second factor
OTP, PASSWORD = "otp", "password"


def steps_for(user, request=None) -> list[str]:
    steps = []
    verified = request is not None and getattr(request.user, "is_verified", lambda: False)()
    if not verified and (otp_required(user) or has_second_factor(user)):
        steps.append(OTP)
    if password_expired(user):
        steps.append(PASSWORD)
    return steps


def pending_steps(request) -> list[str]:
    steps = request.session.get(SESSION_KEY)
    if steps is None:  # a session from before the gate was kept
        steps = request.session[SESSION_KEY] = steps_for(request.user, request)
    return steps


def step_done(request, step: str) -> None:
    request.session[SESSION_KEY] = [s for s in pending_steps(request) if s != step]
    if step == OTP:
        request.session[VERIFIED_KEY] = True


def second_factor_lost(request) -> bool:
    """The session passed the second factor, but its device is gone (a leader reset it): the
    session must end, not carry on unverified."""
    return bool(request.session.get(VERIFIED_KEY)) and not request.user.is_verified()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = steps_for(user)
