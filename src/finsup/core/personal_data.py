"""Personal data: encrypted at rest (Fernet, rotatable keys), keyed hashes for look-ups, masking."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def cipher(keys: list[str] | None = None) -> MultiFernet:
    """The configured field keys, or ``keys`` (a restore checking keys it was given)."""
    keys = settings.FINSUP_FIELD_KEYS if keys is None else keys
    if not keys:
        raise ImproperlyConfigured("FINSUP_FIELD_KEYS is not set")
    return _fernet(tuple(keys))


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key was removed before its data was rotated
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def lookup_hash(value: str, *, key: str | None = None) -> str:
    """Keyed hash of a normalised identifier: equal people match, the hash reveals nothing.
    ``key``: another lookup key than the configured one (a restore checking a key it was given)."""
    key = settings.FINSUP_LOOKUP_KEY if key is None else key
    if not key:  # an empty key would hash silently and match nobody's stored hash
        raise ImproperlyConfigured("FINSUP_LOOKUP_KEY is not set")
    return hmac.new(key.encode(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores Fernet tokens; Python code sees clear text. Not searchable: pair with a lookup hash."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return "" if value == "" else decrypt(value)  # an empty value reads back as stored (not None)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else encrypt(value)


def encrypted_columns():
    """(model, field) for every encrypted column of the installed apps (key check and rotation)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:] if len(digits) >= 8 else "*" * len(digits)
