"""Secrets for a single-machine install, generated once under var/ and never committed."""

import base64
import os
import secrets
from pathlib import Path


def local_secret(var_dir: Path, name: str, *, fernet: bool = False) -> str:
    """Read var/<name>, creating it (mode 600) with a fresh random value the first time."""
    path = var_dir / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = secrets.token_bytes(32)
        value = base64.urlsafe_b64encode(raw).decode() if fernet else secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
    return path.read_text().strip()
