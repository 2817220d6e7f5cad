"""Logins, logouts and failed logins go to the audit trail (Django's auth signals are the only hook)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.client_address import client_address
from finsup.core.request_context import Actor, acting_as

from .models import AuthFailure
from .throttle import auth_failure_record


def _actor(request, user, label=None) -> Actor:
    address = client_address(request) if request is not None else None
    return Actor(user=user, label=label or str(user), address=address, channel="web")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    with acting_as(_actor(request, user)):
        audit_record(action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        with acting_as(_actor(request, user)):
            audit_record(action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    actor = _actor(request, None, label=username or "anonymous")
    with acting_as(actor):
        audit_record(action=AuditAction.LOGIN_FAILED, object_type="accounts.user", object_repr=username)
    # Counted for the wider throttles (accounts/throttle.py) as well as by axes.
    auth_failure_record(kind=AuthFailure.Kind.PASSWORD, username=username, address=actor.address)
