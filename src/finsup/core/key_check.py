"""Do the configured keys fit the stored personal data? Used by the system check, by backups
(which record fingerprints of the keys) and by restores (which compare them before touching
anything).

A lost var/secrets/ once made a local install generate new keys silently: the personal data
already stored could then never be read again and new data were written under another key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import DatabaseError, connection

from .personal_data import cipher, encrypted_columns, lookup_hash

CHECK_TEXT = b"finsup key check"
SAMPLES_PER_COLUMN = 5


def key_fingerprints(*, field_keys: list[str] | None = None, lookup_key: str | None = None) -> dict:
    """What a backup records about the personal-data keys (the configured ones, or those given):
    a keyed hash of a fixed text under the lookup key (it reveals nothing about the key) and one
    test token per field key. Neither lets anyone decrypt anything."""
    field_keys = settings.FINSUP_FIELD_KEYS if field_keys is None else field_keys
    lookup_key = settings.FINSUP_LOOKUP_KEY if lookup_key is None else lookup_key
    return {
        "lookup": hmac.new(lookup_key.encode(), CHECK_TEXT, hashlib.sha256).hexdigest(),
        "field_tokens": [Fernet(k.encode()).encrypt(CHECK_TEXT).decode() for k in field_keys],
    }


def fingerprint_mismatches(
    recorded: dict, *, field_keys: list[str] | None = None, lookup_key: str | None = None
) -> list[str]:
    """Why the keys (configured, or given) are not the ones ``recorded`` (empty when they are)."""
    field_keys = settings.FINSUP_FIELD_KEYS if field_keys is None else field_keys
    lookup_key = settings.FINSUP_LOOKUP_KEY if lookup_key is None else lookup_key
    problems = []
    now = key_fingerprints(field_keys=field_keys, lookup_key=lookup_key)
    if not hmac.compare_digest(now["lookup"], recorded.get("lookup", "")):
        problems.append("FINSUP_LOOKUP_KEY is not the lookup key the backup was made with")
    if not field_keys:
        return [*problems, "FINSUP_FIELD_KEYS is not set"]
    for i, token in enumerate(recorded.get("field_tokens", [])):
        try:
            cipher(field_keys).decrypt(token.encode())
        except InvalidToken:
            problems.append(f"FINSUP_FIELD_KEYS lacks field key no. {i + 1} of the backup's")
    return problems


@dataclass(frozen=True)
class DataKeyReport:
    values_checked: int
    unreadable: list[str]  # "<table>.<column>" whose values the field keys cannot decrypt
    hash_mismatches: list[str]  # "<table>.<column>_hash" not equal to the lookup hash of the clear value

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.hash_mismatches


def check_stored_data(cursor, *, keys: list[str] | None = None, lookup_key: str | None = None) -> DataKeyReport:
    """Decrypts up to a few stored values of every encrypted column through ``cursor`` (any DB-API
    cursor on a migrated database) and, where the column has a ``<name>_hash`` companion, compares
    the lookup hash. ``keys``/``lookup_key`` test other keys than the configured ones."""
    fernet = cipher(keys)
    checked, unreadable, mismatched = 0, [], []
    for model, field in encrypted_columns():
        table, column = model._meta.db_table, field.column
        companion = next((f for f in model._meta.concrete_fields if f.name == f"{field.name}_hash"), None)
        select = f'"{column}"' + (f', "{companion.column}"' if companion else "")
        cursor.execute(
            f'SELECT {select} FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" <> \'\' '  # noqa: S608
            f"ORDER BY 1 LIMIT {SAMPLES_PER_COLUMN}"
        )
        for row in cursor.fetchall():
            checked += 1
            try:
                clear = fernet.decrypt(row[0].encode()).decode()
            except InvalidToken:
                unreadable.append(f"{table}.{column}")
                break
            if companion and row[1] and not hmac.compare_digest(lookup_hash(clear, key=lookup_key), row[1]):
                mismatched.append(f"{table}.{companion.column}")
                break
    return DataKeyReport(checked, unreadable, mismatched)


def database_reachable() -> bool:
    """Whether the configured database exists and answers (never creating a SQLite file)."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        return name not in ("", ":memory:") and "mode=memory" not in name and Path(name).exists()
    try:
        connection.ensure_connection()
    except DatabaseError:
        return False
    return True
