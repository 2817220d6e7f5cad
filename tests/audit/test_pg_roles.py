"""bin/pg-roles on a scratch PostgreSQL database: `finsup migrate` as the migration role installs
the append-only trigger, and the application role can write rows but can neither change the audit
trail nor lift its guard. PostgreSQL only: roles and owners are what is tested."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: database roles and table owners"
)

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "pg-roles"
ENTRY = """INSERT INTO audit_auditentry (seq, at, actor_label, channel, action, object_type, object_id,
    object_repr, office_path, subject, changes, prev_hash, entry_hash, algorithm)
    VALUES (%s, now(), 'app', 'system', 'create', 't', '1', 't', '', '', '{}', %s, %s, 'sha256')"""


@pytest.fixture
def scratch():
    """A database of its own and two roles named after it; all dropped afterwards."""
    s = connection.settings_dict
    name = f"{s['NAME']}_roles"[:50]
    server = dict(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None)
    roles = (f"{name}_migrate", f"{name}_app")

    def admin(*statements):
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def drop():
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', *(f'DROP ROLE IF EXISTS "{r}"' for r in roles))

    drop()
    admin(f'CREATE DATABASE "{name}"')
    yield name, roles, server
    drop()


def run_script(name, roles, server):
    env = {
        **os.environ,
        "PGHOST": str(server["host"]),
        "PGPORT": str(server["port"]),
        "PGUSER": server["user"],
        "FINSUP_MIGRATE_PASSWORD": "migrate-password-for-tests",
        "FINSUP_APP_PASSWORD": "app-password-for-tests",
    }
    if server["password"]:
        env["PGPASSWORD"] = server["password"]
    return subprocess.run([str(SCRIPT), name, *roles], env=env, capture_output=True, text=True, timeout=120)


def test_the_application_role_cannot_change_the_audit_trail_or_lift_its_guard(scratch):
    name, (migrate, app), server = scratch
    first = run_script(name, (migrate, app), server)
    assert first.returncode == 0, first.stderr
    url = f"postgres://{migrate}:migrate-password-for-tests@{server['host']}:{server['port']}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "finsup.config.settings.test"}
    migrated = subprocess.run(
        [sys.executable, "-m", "finsup.manage", "migrate", "-v0"], env=env, capture_output=True, text=True, timeout=600
    )
    assert migrated.returncode == 0, migrated.stderr
    again = run_script(name, (migrate, app), server)  # idempotent, and run after each migrate
    assert again.returncode == 0, again.stderr

    target = {**server, "dbname": name}
    with psycopg.connect(**{**target, "user": migrate, "password": "migrate-password-for-tests"}) as conn:
        triggers = conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass AND NOT tgisinternal"
        ).fetchall()
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_auditentry'").fetchone()
    assert triggers == [("audit_entry_no_change",)] and owner == (migrate,)

    app_login = {**target, "user": app, "password": "app-password-for-tests"}
    with psycopg.connect(**app_login, autocommit=True) as conn:
        conn.execute(ENTRY, (1, "0" * 64, "1" * 64))  # writing the trail works
        conn.execute("INSERT INTO audit_audithead (id, seq, entry_hash) VALUES (1, 1, %s)", ("1" * 64,))
        conn.execute("UPDATE audit_audithead SET seq = 1 WHERE id = 1")
        refused = {
            "update": "UPDATE audit_auditentry SET object_repr = 'forged'",
            "delete": "DELETE FROM audit_auditentry",
            "truncate": "TRUNCATE audit_auditentry",
            "disable trigger": "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
            "drop trigger": "DROP TRIGGER audit_entry_no_change ON audit_auditentry",
            "alter table": "ALTER TABLE audit_auditentry ADD COLUMN note text",
            "drop table": "DROP TABLE audit_auditentry CASCADE",
            "replace the guard": "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS "
            "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
            "replication role": "SET session_replication_role = replica",
            "a table of its own": "CREATE TABLE scratch (id int)",
        }
        for what, sql in refused.items():
            with pytest.raises(psycopg.errors.Error) as caught:
                conn.execute(sql)
            assert isinstance(caught.value, psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException), what
        conn.execute("GRANT UPDATE ON audit_auditentry TO CURRENT_USER")  # only a warning: granted nothing
        privileges = "SELECT has_table_privilege('audit_auditentry', %s)"
        assert [conn.execute(privileges, (p,)).fetchone()[0] for p in ("INSERT", "UPDATE", "DELETE", "TRUNCATE")] == [
            True, False, False, False,
        ]  # fmt: skip
        assert conn.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)
