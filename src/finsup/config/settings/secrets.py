"""Secrets for a single-machine install, generated once under var/secrets/ and never committed.

A key is generated only for a new install. When the database already exists and a key file is
missing (var/secrets/ lost, or the database copied without it), a new key would leave the personal
data stored under the old one unreadable and mix two keys from then on: the setting stays empty,
its name goes to FINSUP_SECRETS_MISSING, and the system check finsup.K001 refuses to run until the
secrets are put back (`finsup restore --secrets FILE`, docs/backup.md).
"""

import base64
import os
import secrets
from pathlib import Path


def local_secret(var_dir: Path, name: str, *, fernet: bool = False, create: bool = True) -> str:
    """Read var/secrets/<name>, creating it (mode 600) with a fresh random value the first time when
    ``create``; "" when it is missing and may not be created."""
    path = var_dir / "secrets" / name
    if not path.exists():
        if not create:
            return ""
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = secrets.token_bytes(32)
        value = base64.urlsafe_b64encode(raw).decode() if fernet else secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
    return path.read_text().strip()


def key_list(text: str) -> list[str]:
    """Keys written comma-separated (an environment variable) or one a line (a var/secrets file)."""
    return [k for k in text.replace("\n", ",").split(",") if k.strip()]


def database_exists(database: dict) -> bool:
    """Whether the configured database already exists, as far as settings can tell before any
    connection: a SQLite file can be seen; a PostgreSQL database cannot (the system check
    finsup.K002 then finds data the keys cannot decrypt)."""
    return database["ENGINE"].endswith("sqlite3") and Path(database["NAME"]).exists()
