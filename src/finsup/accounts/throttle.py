"""The login throttles beyond django-axes' lockout of one user name from one address: many user
names from one address (password spraying), one user name from many addresses, and wrong
second-factor codes of one user. Each counts failures in a sliding window (FINSUP_LOGIN_THROTTLE:
scope → (failures, seconds)); the counts live in the database, so every worker sees the same."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .models import AuthFailure

KEEP = datetime.timedelta(days=1)


def _key(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def _count(now: datetime.datetime, scope: str, **filters) -> bool:
    limit, seconds = settings.FINSUP_LOGIN_THROTTLE[scope]
    since = now - datetime.timedelta(seconds=seconds)
    return AuthFailure.objects.filter(at__gt=since, **filters).count() >= limit


def login_throttled(*, username: str, address: str | None, now: datetime.datetime | None = None) -> str | None:
    """The throttle a login attempt runs into ("address" or "username"), or None: checked before
    the password is, so a throttled attempt learns nothing."""
    now = now or timezone.now()
    if address and _count(now, "address", address=address):
        return "address"
    if _key(username) and _count(now, "username", username=_key(username)):
        return "username"
    return None


def otp_throttled(*, username: str, now: datetime.datetime | None = None) -> bool:
    return _count(now or timezone.now(), "otp", username=_key(username), kind=AuthFailure.Kind.OTP)


def auth_failure_record(*, kind: str, username: str, address: str | None, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    AuthFailure.objects.create(at=now, kind=kind, username=_key(username), address=address or None)
    AuthFailure.objects.filter(at__lt=now - KEEP).delete()
