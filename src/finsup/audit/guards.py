"""Database triggers that make the audit table append-only (UPDATE and DELETE refused).

TRUNCATE is left to the table's owner: production runs the application under a role that
does not own its tables (bin/pg-roles, docs/audit.md); on PostgreSQL UPDATE, DELETE and TRUNCATE
privileges of any other role are revoked too. Tests lift the guard only to flush between tests.
"""

SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_entry_no_update;", "DROP TRIGGER IF EXISTS audit_entry_no_delete;"]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
    # Whatever another role was granted on the table (bin/pg-roles' default privileges give the
    # application role UPDATE and DELETE on every new table), only the owner keeps these.
    """DO $$ DECLARE grantee oid; BEGIN
      FOR grantee IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'audit_auditentry'::regclass AND a.grantee <> c.relowner
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
      LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM %s',
          CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(grantee)) END);
      END LOOP; END $$;""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_entry_append_only();",
]

_SQL = {"sqlite": (SQLITE_INSTALL, SQLITE_REMOVE), "postgresql": (POSTGRES_INSTALL, POSTGRES_REMOVE)}


def install(connection) -> None:
    _run(connection, _SQL.get(connection.vendor, ([], []))[0])


def remove(connection) -> None:
    _run(connection, _SQL.get(connection.vendor, ([], []))[1])


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
