"""The login throttles beyond axes' user-and-address lockout: password spraying from one address,
one user name from many addresses; sliding windows with a fixed "now"."""

import datetime

from django.test import override_settings

from finsup.accounts import throttle
from finsup.accounts.models import AuthFailure
from finsup.audit.models import AuditEntry
from tests import factories as f

LIMITS = {"address": (3, 900), "username": (3, 3600), "otp": (5, 1800)}


def _post(client, username, password, address):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(FINSUP_LOGIN_THROTTLE=LIMITS)
def test_many_user_names_from_one_address_are_throttled(world, client):
    for name in ("city_leader", "city_clerk", "lanshan_clerk"):  # one failure each: axes alone would not stop this
        assert _post(client, name, "Wrong-Password-1", "203.0.113.7").status_code == 200
    refused = _post(client, "city_inspector", f.PASSWORD, "203.0.113.7")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert "您所在网络的登录失败次数过多" in refused.content.decode()
    assert AuditEntry.objects.filter(action="rejected", changes__throttle=[None, "address"]).count() == 1
    assert _post(client, "city_inspector", f.PASSWORD, "198.51.100.3").status_code == 302  # another address


@override_settings(FINSUP_LOGIN_THROTTLE=LIMITS)
def test_one_user_name_from_many_addresses_is_throttled(world, client):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):  # one failure each address
        _post(client, "city_leader", "Wrong-Password-1", address)
    refused = _post(client, "city_leader", f.PASSWORD, "198.51.100.9")
    assert refused.status_code == 429 and "该用户名登录失败次数过多" in refused.content.decode()
    assert _post(client, "city_clerk", f.PASSWORD, "198.51.100.9").status_code == 302  # another user


@override_settings(FINSUP_LOGIN_THROTTLE=LIMITS)
def test_the_windows_slide(db):
    t = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)
    for i in range(3):
        throttle.auth_failure_record(kind="password", username=f"User{i}", address="192.0.2.1", now=t)
    assert throttle.login_throttled(username="other", address="192.0.2.1", now=t) == "address"
    assert (
        throttle.login_throttled(username="other", address="192.0.2.1", now=t + datetime.timedelta(seconds=900)) is None
    )
    for address in ("192.0.2.2", "192.0.2.3", "192.0.2.4"):
        throttle.auth_failure_record(kind="otp", username="City_Leader", address=address, now=t)
    # The user name is compared case-folded, and wrong codes count like wrong passwords.
    assert throttle.login_throttled(username="city_leader", address="192.0.2.9", now=t) == "username"
    assert (
        throttle.login_throttled(username="city_leader", address="192.0.2.9", now=t + datetime.timedelta(hours=1))
        is None
    )
    throttle.auth_failure_record(kind="password", username="x", address=None, now=t + datetime.timedelta(days=2))
    assert AuthFailure.objects.count() == 1  # older than a day: pruned


def test_the_default_limits_are_above_axes_lockout(settings):
    """Axes locks a user name at one address after 5; the wider throttles must not fire first."""
    assert settings.FINSUP_LOGIN_THROTTLE["address"][0] > settings.AXES_FAILURE_LIMIT
    assert settings.FINSUP_LOGIN_THROTTLE["username"][0] > settings.AXES_FAILURE_LIMIT
