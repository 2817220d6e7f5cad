"""Who is acting, from where: set per request by middleware, per command by `acting_as()`."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    label: str = ""
    address: str | None = None
    channel: str = "web"


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
