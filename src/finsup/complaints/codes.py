"""Tracking codes: 12 characters of a 30-character alphabet without look-alikes (no 0/O, 1/I/L, U)
≈ 59 bits, shown in three groups of four (e.g. 7KQM-3XWD-9HRT). Unguessable, short, readable."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUP = 4
_LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + _GROUP] for i in range(0, _LENGTH, _GROUP))


def normalise(value: str) -> str:
    """What a person types (lower case, spaces, missing dashes) → the stored form, or ""."""
    raw = re.sub(r"[\s\-]", "", (value or "").upper())
    if len(raw) != _LENGTH or any(ch not in ALPHABET for ch in raw):
        return ""
    return "-".join(raw[i : i + _GROUP] for i in range(0, _LENGTH, _GROUP))
