"""The scratch database of a benchmark that runs Django in its own process (audit.py, sign_off.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit


@contextlib.contextmanager
def scratch_database(postgres: str | None, tmp: Path) -> Iterator[str]:
    """Points DATABASE_URL at a fresh database and the test settings: the PostgreSQL database named
    by `postgres` (created, and dropped afterwards; it must not exist), or SQLite under `tmp`.
    Yields the engine's name."""
    if postgres:
        name = urlsplit(postgres).path.lstrip("/")
        admin = postgres.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-Xqc", f'CREATE DATABASE "{name}"'], check=True)
        os.environ["DATABASE_URL"] = postgres
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "finsup.config.settings.test"
    try:
        yield "postgres" if postgres else "sqlite"
    finally:
        if postgres:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", admin, "-Xqc", f'DROP DATABASE "{name}"'], check=True)
