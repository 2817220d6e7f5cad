"""The operator's side of a restore drill: a fresh, empty target (a new SQLite file or a new
PostgreSQL scratch database, new store and media folders) and the real `finsup` commands run in
a subprocess with the environment pointing at it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

from finsup.backup.database import collect_state

PASSPHRASE_ENV = "FINSUP_TEST_BACKUP_PASSPHRASE"
PASSPHRASE = "a long test passphrase, never a real one"


class Target:
    """An empty platform to restore into, of the vendor the tests run on."""

    def __init__(self, root: Path):
        self.root, self.var = root, root / "var"
        root.mkdir(parents=True)
        self.vendor = connection.vendor
        self.keys_env: dict[str, str] = {}
        if self.vendor == "postgresql":
            self.dbname = f"{connection.settings_dict['NAME']}_restore"
            _admin(f'DROP DATABASE IF EXISTS "{self.dbname}"', f'CREATE DATABASE "{self.dbname}"')

    @property
    def store(self) -> Path:
        return self.var / "loans_store"

    @property
    def media(self) -> Path:
        return self.var / "media"

    def env(self, **extra) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FINSUP_") and k != "DATABASE_URL"}
        env.update(FINSUP_VAR_DIR=str(self.var), **{PASSPHRASE_ENV: PASSPHRASE})
        if self.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.dbname}"
            env["DJANGO_SETTINGS_MODULE"] = "finsup.config.settings.production"
            env.update(self.keys_env)
        else:
            env["DJANGO_SETTINGS_MODULE"] = "finsup.config.settings.local"
        env.update(extra)
        return env

    def finsup(self, *args, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "finsup.manage", *map(str, args)],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def secrets_command(self, secrets_file: Path, *, env_file: Path | None = None, **env):
        """`finsup restore --secrets` as docs/backup.md says: a local install gets var/secrets/ back;
        production an environment file, written under the keyless base settings (production's
        refuse to start without keys)."""
        args = ["restore", "--secrets", secrets_file, "--passphrase-env", env.pop("passphrase_env", PASSPHRASE_ENV)]
        if self.vendor == "postgresql":
            env_file = env_file or self.root / "finsup.env"
            env.setdefault("DJANGO_SETTINGS_MODULE", "finsup.config.settings.base")
        if env_file is not None:
            args += ["--env-file", env_file]
        return self.finsup(*args, **env)

    def restore_secrets(self, secrets_file: Path) -> subprocess.CompletedProcess:
        result = self.secrets_command(secrets_file)
        if result.returncode == 0 and self.vendor == "postgresql":
            for line in (self.root / "finsup.env").read_text().splitlines():
                name, value = line.split("=", 1)
                self.keys_env[name] = value.strip("'")
        return result

    def state(self) -> dict | None:
        """The target database's tables, migrations and audit head (None while it has no tables)."""
        with self._cursor() as cursor:
            state = collect_state(cursor, self.vendor)
        return state if state["counts"] else None

    @contextlib.contextmanager
    def _cursor(self):
        if self.vendor == "sqlite":
            path = self.var / "finsup.sqlite3"
            db = sqlite3.connect(path if path.exists() else ":memory:")
            try:
                yield db.cursor()
            finally:
                db.close()
            return
        conn = connection.get_new_connection({**connection.get_connection_params(), "dbname": self.dbname})
        try:
            yield conn.cursor()
        finally:
            conn.close()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            _admin(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


def _admin(*statements: str) -> None:
    conn = connection.get_new_connection({**connection.get_connection_params(), "dbname": "postgres"})
    conn.autocommit = True
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
