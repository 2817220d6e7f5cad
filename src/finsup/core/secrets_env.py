"""Fresh secrets for a production install, as lines of an environment file (`finsup keys generate`).

The operator writes them once to a file only the service can read (docs/operations.md), and keeps a
copy apart from the backups: without the field and lookup keys, the personal data in a backup
cannot be read, and nothing can make new keys fit old data."""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet

# (variable, how it is made, what it is for)
GENERATED = (
    ("FINSUP_SECRET_KEY", lambda: secrets.token_urlsafe(50), "Django's signing key (sessions, CSRF)"),
    ("FINSUP_LOOKUP_KEY", lambda: secrets.token_urlsafe(32), "keyed hashes of ID numbers (search, pseudonyms)"),
    ("FINSUP_FIELD_KEYS", lambda: Fernet.generate_key().decode(), "encryption of personal data, newest first"),
    (
        "FINSUP_AUDIT_SIGNING_KEY",
        lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "signs the audit chain's checkpoints (docs/audit.md); keep it away from the database administrators",
    ),
)


def generate_secrets() -> dict[str, str]:
    return {name: make() for name, make, _purpose in GENERATED}


def generate_env() -> str:
    values = generate_secrets()
    lines = ["# finsup secrets: keep this file 0640 root:finsup, and a copy offline apart from the backups"]
    for name, _make, purpose in GENERATED:
        lines += [f"# {purpose}", f"{name}={values[name]}"]
    return "\n".join(lines) + "\n"
