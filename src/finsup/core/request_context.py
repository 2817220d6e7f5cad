"""Who is acting, from where: set per request by middleware, per command by `acting_as()`."""

from __future__ import annotations

import contextlib
import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.ipv6 import clean_ipv6_address

# The audit trail's channels (audit.choices.AuditChannel, which core may not import).
CHANNELS = ("web", "api", "command", "system")


@dataclass(frozen=True)
class Actor:
    """The address is kept as the audit table stores it (None, an IPv4 address, or an IPv6 address
    in its compressed form), so that an entry's hash, computed before the row is written, matches
    the row read back: a blank address or a port would otherwise be hashed as given and stored
    otherwise, and the chain would fail verification."""

    user: object | None = None
    label: str = ""
    address: str | None = None
    channel: str = "web"

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown audit channel {self.channel!r} (one of {', '.join(CHANNELS)})")
        object.__setattr__(self, "address", stored_address(self.address))


def stored_address(value: str | None) -> str | None:
    """An address as the audit trail stores it: None when blank or not an IP address; a port
    ('1.2.3.4:5678', '[2001:db8::1]:443') dropped; IPv6 compressed and lower-case as Django's
    GenericIPAddressField stores it."""
    text = (value or "").strip()
    if not text:
        return None
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        return clean_ipv6_address(text)  # Django's own spelling ('::ffff:1.2.3.4' stays so)
    return str(address)


_current: ContextVar[Actor | None] = ContextVar("finsup_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor(label="system", channel="system")


@contextlib.contextmanager
def acting_as(actor: Actor):
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
