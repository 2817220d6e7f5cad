"""The database part of a backup, per vendor: a consistent snapshot, what it holds, the restore.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot; `pg_dump --snapshot` dumps exactly
that state (custom format) and the manifest's counts are read in the same transaction, so the
counts are those of the dump. SQLite: the online backup API copies the live database (WAL and all)
into a consistent file, never a file copy.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction

from finsup.audit.chain import GENESIS


class DatabaseRefused(Exception):
    pass


MEMBER = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}
_SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema')"


def vendor() -> str:
    if connection.vendor not in MEMBER:
        raise DatabaseRefused(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def collect_state(cursor, db_vendor: str) -> dict:
    """Row counts of every table, the applied migrations per app, the audit chain's head."""
    if db_vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN {_SYSTEM_SCHEMAS} AND n.nspname !~ '^pg_' "
            "ORDER BY 1"
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a name read from the catalogue)
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    head = {"seq": 0, "hash": GENESIS}
    if "audit_audithead" in counts:
        cursor.execute("SELECT seq, entry_hash FROM audit_audithead WHERE id = 1")
        row = cursor.fetchone()
        if row:
            head = {"seq": int(row[0]), "hash": row[1]}
    return {"counts": counts, "migrations": migrations, "audit_head": head}


class Snapshot:
    """``begin()`` fixes the state (call it under the loan store's lock), then ``state()`` and
    ``dump(path)`` read that state whatever is written meanwhile; ``close()`` at the end."""

    def __init__(self, work: Path):
        self.vendor, self.work = vendor(), work
        self._pg = None
        self._copy = work / "sqlite3.db"
        self.snapshot_id = ""

    def begin(self) -> None:
        if self.vendor == "postgresql":
            self._pg = connection.get_new_connection(connection.get_connection_params())
            self._pg.autocommit = False
            cursor = self._pg.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            self.snapshot_id = cursor.fetchone()[0]
        else:
            connection.ensure_connection()
            with sqlite3.connect(self._copy) as copy:
                connection.connection.backup(copy)
            copy.close()
            with sqlite3.connect(self._copy) as copy:
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            copy.close()

    def cursor(self):
        return self._pg.cursor() if self._pg is not None else sqlite3.connect(self._copy).cursor()

    def state(self) -> dict:
        cursor = self.cursor()
        try:
            return collect_state(cursor, self.vendor)
        finally:
            cursor.close()

    def server_version(self) -> str:
        if self._pg is not None:
            return str(self._pg.info.server_version)
        return sqlite3.sqlite_version

    def dump(self, target: Path) -> None:
        if self.vendor == "sqlite":
            shutil.move(self._copy, target)
            return
        _run_pg(
            ["pg_dump", "--format=custom", f"--snapshot={self.snapshot_id}", f"--file={target}"],
            "pg_dump failed",
        )

    def close(self) -> None:
        if self._pg is not None:
            self._pg.rollback()
            self._pg.close()
            self._pg = None


def _pg_env() -> dict:
    s = connection.settings_dict
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[var] = str(value)  # the password never on a command line (ps shows those)
    return env


def _run_pg(args: list[str], what: str) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DatabaseRefused(f"{what}: {result.stderr.strip()[-2000:]}")


# -- restore ------------------------------------------------------------------------------------


def target_problem() -> str:
    """Why the configured database may not receive a restore ("" when it is empty)."""
    if vendor() == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if not path.exists():
            return ""
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            n = db.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]
        db.close()
        return f"the database {path} is not empty ({n} objects)" if n else ""
    with connection.cursor() as cursor:
        cursor.execute(_PG_OBJECTS_SQL.format(what="count(*)"))
        n = cursor.fetchone()[0]
    name = connection.settings_dict["NAME"]
    return f"the database {name} is not empty ({n} tables, views, sequences or functions)" if n else ""


_PG_OBJECTS_SQL = f"""
    SELECT {{what}} FROM (
        SELECT n.nspname, c.relname AS name, c.relkind::text AS kind, '' AS args FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN {_SYSTEM_SCHEMAS} AND n.nspname !~ '^pg_'
        UNION ALL
        SELECT n.nspname, p.proname, 'F', pg_get_function_identity_arguments(p.oid) FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN {_SYSTEM_SCHEMAS} AND n.nspname !~ '^pg_'
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    ) objects"""


def restore(member: Path) -> None:
    """Loads the dump into the configured (empty) database, all or nothing."""
    connection.close()
    if vendor() == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(member) as source:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise DatabaseRefused("the database copy in the archive fails SQLite's integrity check")
            with sqlite3.connect(target) as dest:
                source.backup(dest)  # one transaction on the destination
            dest.close()
        source.close()
        return
    # The comments on the dump's extensions (pg_trgm) are left out: only the extension's owner may set
    # them, and the migration role does not own it (bin/pg-roles creates it before a restore as before
    # a migrate; the dump's CREATE EXTENSION IF NOT EXISTS then does nothing).
    listing = subprocess.run(["pg_restore", "--list", str(member)], env=_pg_env(), capture_output=True, text=True)
    if listing.returncode != 0:
        raise DatabaseRefused(f"pg_restore failed (nothing was restored): {listing.stderr.strip()[-2000:]}")
    toc = member.with_name(member.name + ".toc")
    toc.write_text("\n".join(line for line in listing.stdout.splitlines() if not _EXTENSION_ENTRY.match(line)) + "\n")
    try:
        _run_pg(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={toc}",
                f"--dbname={connection.settings_dict['NAME']}",
                str(member),
            ],
            "pg_restore failed (nothing was restored)",
        )
    finally:
        toc.unlink(missing_ok=True)


# A table-of-contents line of `pg_restore --list` for an extension's comment, e.g.
# "4120; 0 0 COMMENT - EXTENSION pg_trgm ".
_EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ COMMENT - EXTENSION ")


def undo_restore() -> None:
    """Empties the database again after a restore whose checks failed (it was empty before)."""
    connection.close()
    if vendor() == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        for path in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            path.unlink(missing_ok=True)
        return
    drop = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "m": "MATERIALIZED VIEW", "v": "VIEW", "S": "SEQUENCE"}
    order = [*drop, "F"]  # tables first: their own sequences go with them
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PG_OBJECTS_SQL.format(what="nspname, name, kind, args"))
        for schema, name, kind, args in sorted(cursor.fetchall(), key=lambda o: order.index(o[2])):
            what = (
                f"FUNCTION IF EXISTS {qn(schema)}.{qn(name)}({args})"
                if kind == "F"
                else f"{drop[kind]} IF EXISTS {qn(schema)}.{qn(name)}"
            )
            cursor.execute(f"DROP {what} CASCADE")
    connection.close()
