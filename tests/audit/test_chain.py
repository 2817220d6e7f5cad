import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from finsup.audit import guards
from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_record, audit_verify
from finsup.core.request_context import Actor, acting_as


def _write(n=5):
    with acting_as(Actor(label="test", channel="command")):
        for i in range(n):
            audit_record(
                action="update",
                object_type="test.thing",
                object_id=str(i),
                object_repr=f"thing {i}",
                changes={"amount": ["1.00", f"{i}.00"]},
            )


def _drop_append_only_guard():
    """What someone with direct database access could do: remove the trigger, then edit."""
    guards.remove(connection)


def test_intact_chain_verifies(db, capsys):
    _write()
    assert audit_verify().intact
    call_command("audit", "verify")
    assert "intact: 5 records" in capsys.readouterr().out


def test_updates_and_deletes_are_refused_by_the_database(db):
    _write(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(object_repr="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()


@pytest.mark.audit_tampered
def test_altered_record_breaks_the_chain_and_is_named(db):
    _write()
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET object_repr = 'forged' WHERE seq = 3")
    report = audit_verify()
    assert (report.broken_seq, report.reason) == (3, "content")
    with pytest.raises(CommandError, match="#3"):
        call_command("audit", "verify")


@pytest.mark.audit_tampered
def test_deleted_record_breaks_the_chain(db):
    _write()
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    assert audit_verify().broken_seq == 2


@pytest.mark.audit_tampered
def test_recomputed_hash_still_breaks_the_link(db):
    """Forging one entry and recomputing its hash leaves the next entry's link broken."""
    from finsup.audit.chain import digest_of

    _write()
    _drop_append_only_guard()
    entry = AuditEntry.objects.get(seq=2)
    entry.object_repr = "forged"
    new_hash = digest_of(entry)
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET object_repr = %s, entry_hash = %s WHERE seq = 2", ["forged", new_hash])
    report = audit_verify()
    assert (report.broken_seq, report.reason) == (3, "link")


@pytest.mark.audit_tampered
@pytest.mark.django_db(transaction=True)
def test_verify_command_exits_non_zero_when_broken(tmp_path):
    """The console command itself, as an operator runs it: exit status 1 and the record named."""
    import os
    import sqlite3
    import subprocess
    import sys

    _write()
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET changes = '{}' WHERE seq = 4")
    if connection.vendor == "sqlite":
        # The in-memory test database is invisible to another process: copy it to a file.
        target = tmp_path / "copy.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as dst:
            connection.connection.backup(dst)
        url = f"sqlite:///{target}"
    else:
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "finsup.config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "finsup.manage", "audit", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "#4" in result.stderr


def test_migrations_leave_the_append_only_triggers_in_place(tmp_path):
    """SQLite drops a table's triggers when a migration rebuilds it; the fixtures install the
    guard before each test, so check a database built by `migrate` alone."""
    import os
    import sqlite3
    import subprocess
    import sys

    target = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{target}", "DJANGO_SETTINGS_MODULE": "finsup.config.settings.test"}
    subprocess.run([sys.executable, "-m", "finsup.manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    with sqlite3.connect(target) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_entry_no_update", "audit_entry_no_delete"} <= names


def test_a_batch_writes_a_valid_chain_in_one_insert(db, django_assert_max_num_queries):
    from finsup.audit.services import audit_batch

    _write(2)
    # A handful of statements for 300 entries (SQLite splits the insert by its parameter limit).
    with django_assert_max_num_queries(12), acting_as(Actor(label="test", channel="command")), audit_batch():
        for i in range(300):
            audit_record(action="create", object_type="test.bulk", object_id=str(i), object_repr=f"bulk {i}")
    assert AuditEntry.objects.count() == 302
    report = audit_verify()
    assert report.intact and report.checked == 302
    _write(1)  # single writes continue the chain after a batch
    assert audit_verify().intact


def test_a_failed_batch_writes_nothing(db):
    from finsup.audit.services import audit_batch

    _write(1)
    with pytest.raises(RuntimeError), acting_as(Actor(label="test", channel="command")), audit_batch():
        audit_record(action="create", object_type="test.bulk", object_id="1")
        raise RuntimeError("the surrounding work failed")
    assert AuditEntry.objects.count() == 1 and audit_verify().intact


ADDRESS_SHAPES = [
    None,
    "",
    "  ",
    "10.0.0.7",
    "2001:DB8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001",
    "::ffff:192.0.2.1",
    "1.2.3.4:5678",
    "[2001:db8::1]:443",
    "not an address",
]


@pytest.mark.parametrize("channel", ["web", "api", "command", "system"])
def test_every_actor_shape_verifies_after_it_is_stored(db, channel):
    """The hash is computed before the row is written: the address must be hashed as the field
    stores it (a blank becomes NULL, IPv6 is rewritten), on SQLite and PostgreSQL alike."""
    for i, address in enumerate(ADDRESS_SHAPES):
        with acting_as(Actor(label=f"shape {i}", address=address, channel=channel)):
            audit_record(action="create", object_type="test.thing", object_id=str(i), object_repr="thing")
    assert audit_verify().intact
    stored = list(AuditEntry.objects.order_by("seq").values_list("address", flat=True))
    assert stored[-len(ADDRESS_SHAPES) :] == [
        None, None, None, "10.0.0.7", "2001:db8::1", "2001:db8::1", "::ffff:192.0.2.1", "1.2.3.4", "2001:db8::1", None,
    ]  # fmt: skip


def test_an_unknown_channel_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown audit channel 'cli'"):
        Actor(label="finsup loans", channel="cli")


@pytest.mark.audit_tampered
def test_verify_reports_every_break_not_only_the_first(db, capsys):
    """A first break (e.g. a defect that once stored an entry differently from its hash) must not
    hide a forgery further on."""
    _write(8)
    _drop_append_only_guard()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET object_repr = 'defect' WHERE seq = 2")
        cur.execute("UPDATE audit_auditentry SET changes = '{}' WHERE seq = 6")
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 7")
    report = audit_verify()
    assert [(b.seq, b.reason) for b in report.breaks] == [(2, "content"), (6, "content"), (7, "missing"), (8, "link")]
    with pytest.raises(CommandError, match="4 place"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "#2" in err and "#6" in err and "#7" in err
