"""TOTP codes at a fixed time, for tests: the device's clock is patched, never the wall clock read."""

from __future__ import annotations

import base64
import contextlib
import types
from unittest import mock

from django_otp.oath import TOTP

T0 = 1_790_000_010  # 2026-09-21 14:20:10 UTC, 10 s into a 30-second step


def code_at(secret_or_key, at: float) -> str:
    """The 6-digit code at `at` for a device's hex key or the Base32 secret the page shows."""
    if isinstance(secret_or_key, bytes):
        key = secret_or_key
    elif " " in secret_or_key or not all(c in "0123456789abcdef" for c in secret_or_key):
        key = base64.b32decode(secret_or_key.replace(" ", ""))
    else:
        key = bytes.fromhex(secret_or_key)
    totp = TOTP(key)
    totp.time = at
    return f"{totp.token():06d}"


@contextlib.contextmanager
def device_clock(at: float):
    """The TOTP devices read time.time() through their module: fix it (the live server of a browser
    test runs in this process, so it sees the same clock)."""
    clock = types.SimpleNamespace(time=lambda: clock.now)
    clock.now = at
    with mock.patch("django_otp.plugins.otp_totp.models.time", clock):
        yield clock
