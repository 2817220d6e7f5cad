"""The client's address as our own proxies saw it.

Each proxy in front of the application appends the address it received the request from to
X-Forwarded-For, so with FINSUP_TRUSTED_PROXY_COUNT = N (our own proxies, e.g. 1 for nginx
alone, 2 for a load balancer in front of nginx) the client is the N-th entry from the right.
Anything left of it was written by the client and is never trusted. With N = 0 the header is
ignored and the peer address (REMOTE_ADDR) is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.FINSUP_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        # Fewer hops than proxies: the request did not come through all of them (or a proxy
        # is misconfigured); the peer is the only address we know to be real.
        return remote
    return _valid(hops[-count]) or remote
