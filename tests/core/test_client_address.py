"""The client address behind a configured number of our own proxies: a client-written
X-Forwarded-For entry is never taken."""

import pytest
from django.test import RequestFactory, override_settings

from finsup.audit.models import AuditEntry
from finsup.core.client_address import client_address
from tests import factories as f


def _request(xff=None, remote="127.0.0.1"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("count", "xff", "remote", "expected"),
    [
        (0, "6.6.6.6", "203.0.113.5", "203.0.113.5"),  # no proxy: the header is ignored
        (1, "203.0.113.5", "127.0.0.1", "203.0.113.5"),  # nginx appended the client
        (1, "6.6.6.6, 203.0.113.5", "127.0.0.1", "203.0.113.5"),  # a spoofed first hop is skipped
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "127.0.0.1", "203.0.113.5"),  # balancer, then nginx
        (2, "203.0.113.5", "127.0.0.1", "127.0.0.1"),  # fewer hops than proxies: only the peer is known
        (1, "not-an-address", "127.0.0.1", "127.0.0.1"),
        (1, None, "127.0.0.1", "127.0.0.1"),
        (1, "2001:DB8:0:0::1", "127.0.0.1", "2001:db8::1"),
    ],
)
def test_the_address_n_hops_from_the_right(count, xff, remote, expected):
    with override_settings(FINSUP_TRUSTED_PROXY_COUNT=count):
        assert client_address(_request(xff, remote)) == expected


@override_settings(FINSUP_TRUSTED_PROXY_COUNT=1)
def test_audit_and_lockout_use_the_proxied_address(world, client):
    def post(password, client_ip, spoof="6.6.6.6"):
        return client.post(
            "/accounts/login/",
            {"username": "lanshan_clerk", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{spoof}, {client_ip}",
        )

    for _ in range(5):
        post("Wrong-Password-1", "203.0.113.5")
    assert post(f.PASSWORD, "203.0.113.5").status_code == 429  # axes locked that client ...
    assert post(f.PASSWORD, "198.51.100.7").status_code == 302  # ... not everyone behind the proxy
    entry = AuditEntry.objects.filter(action="login").latest("seq")
    assert entry.address == "198.51.100.7"
    assert set(AuditEntry.objects.filter(action="login_failed").values_list("address", flat=True)) == {"203.0.113.5"}


@override_settings(FINSUP_TRUSTED_PROXY_COUNT=0)
def test_without_proxies_a_forwarded_header_changes_nothing(world, client):
    client.post(
        "/accounts/login/",
        {"username": "lanshan_clerk", "password": f.PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert AuditEntry.objects.filter(action="login").latest("seq").address == "203.0.113.9"
