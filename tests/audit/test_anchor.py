"""The chain's signed checkpoints outside the database: what the chain alone cannot see (a table
re-chained or cut by its owner, triggers bypassed) is found through them, on SQLite and PostgreSQL."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from finsup.audit import algorithms, guards
from finsup.audit.anchoring import AnchorRefused, audit_anchor
from finsup.audit.chain import digest_of
from finsup.audit.models import AuditEntry, AuditHead
from finsup.audit.services import audit_record, audit_verify
from finsup.core.request_context import Actor, acting_as


@pytest.fixture
def anchor_dir(settings, tmp_path):
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.FINSUP_AUDIT_ANCHOR_DIR


def write(n, start=0):
    with acting_as(Actor(label="test", address="10.0.0.7", channel="command")):
        for i in range(start, start + n):
            audit_record(action="update", object_type="test.thing", object_id=str(i), object_repr=f"thing {i}")


def bypass_triggers():
    """What the table's owner can do: PostgreSQL lets the owner disable the table's triggers; on
    SQLite whoever holds the file drops them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the table
            cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
    else:
        guards.remove(connection)


def rechain_from(seq, object_repr="forged"):
    """Rewrite entry #seq and re-hash it and every later entry, then move the head."""
    prev = AuditEntry.objects.get(seq=seq).prev_hash
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.object_repr = object_repr
        entry.prev_hash = prev
        entry.entry_hash = digest_of(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(
            object_repr=entry.object_repr, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
        )
        prev = entry.entry_hash
    AuditHead.objects.filter(id=1).update(entry_hash=prev)


def cut_tail_after(seq):
    AuditEntry.objects.filter(seq__gt=seq).delete()
    AuditHead.objects.filter(id=1).update(seq=seq, entry_hash=AuditEntry.objects.get(seq=seq).entry_hash)


def lines(anchor_dir):
    return (anchor_dir / "anchors.jsonl").read_text().splitlines()


def test_checkpoints_are_signed_lines_each_linked_to_the_one_before(db, anchor_dir, capsys):
    write(5)
    first = audit_anchor()
    assert (first.written, first.seq) == (True, 5)
    assert not audit_anchor().written  # the head has not moved: nothing new to vouch for
    write(2, start=5)
    call_command("audit", "anchor")
    assert "anchored #7" in capsys.readouterr().out
    one, two = (json.loads(line) for line in lines(anchor_dir))
    assert (one["seq"], two["seq"]) == (5, 7)
    assert one["entry_hash"] == AuditEntry.objects.get(seq=5).entry_hash
    assert one["prev"] == "0" * 64 and two["prev"] == algorithms.digest("sha256", lines(anchor_dir)[0].encode())
    assert (one["algorithm"], one["signature_algorithm"]) == ("sha256", "ed25519")
    assert (anchor_dir / "anchors.jsonl").stat().st_mode & 0o777 == 0o640
    report = audit_verify()
    assert report.intact and (report.anchors.checkpoints, report.anchors.last_seq) == (2, 7)
    call_command("audit", "verify")
    assert "2 checkpoint(s) agree with the chain, the last at #7" in capsys.readouterr().out


@pytest.mark.audit_tampered
def test_a_rechained_table_verifies_alone_but_not_against_its_checkpoints(db, anchor_dir, capsys):
    write(10)
    audit_anchor()
    write(3, start=10)
    bypass_triggers()
    rechain_from(5)
    # The weakness the anchor exists for: rewritten and re-hashed by the table's owner, the chain
    # alone is intact.
    assert audit_verify(anchors=False).intact
    report = audit_verify()
    assert [(b.seq, b.reason) for b in report.breaks] == [(10, "anchor")]
    assert "re-hashed" in report.breaks[0].detail
    with pytest.raises(CommandError, match="1 place"):
        call_command("audit", "verify")
    assert "#10: the chain disagrees with its signed checkpoint" in capsys.readouterr().err
    with pytest.raises(AnchorRefused):  # the damage is never anchored
        audit_anchor()
    assert len(lines(anchor_dir)) == 1


@pytest.mark.audit_tampered
def test_a_cut_tail_verifies_alone_but_not_against_its_checkpoints(db, anchor_dir, capsys):
    write(10)
    audit_anchor()
    bypass_triggers()
    cut_tail_after(7)
    assert audit_verify(anchors=False).intact
    report = audit_verify()
    assert [(b.seq, b.to_seq, b.reason) for b in report.breaks] == [(8, 10, "anchor")]
    assert "its last entries were cut" in report.breaks[0].detail
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "#8-#10" in capsys.readouterr().err


@pytest.mark.audit_tampered
def test_a_deleted_anchored_entry_is_named_by_its_checkpoint(db, anchor_dir):
    write(6)
    audit_anchor()
    write(2, start=6)
    bypass_triggers()
    AuditEntry.objects.filter(seq=6).delete()
    report = audit_verify()
    assert {(b.seq, b.reason) for b in report.breaks} >= {(6, "missing"), (6, "anchor"), (7, "link")}


def test_an_altered_or_removed_checkpoint_line_is_found(db, anchor_dir):
    for n in range(3):
        write(2, start=2 * n)
        audit_anchor()
    path = anchor_dir / "anchors.jsonl"
    original = lines(anchor_dir)
    assert audit_verify().intact
    # Altered: the line's own signature no longer holds, and the next line's link breaks.
    forged = json.loads(original[1])
    forged["at"] = "2020-01-01T00:00:00+00:00"
    path.write_text("\n".join([original[0], json.dumps(forged), original[2]]) + "\n")
    details = [b.detail for b in audit_verify().breaks]
    assert any("file line 3: the line before it was altered" in d for d in details)
    assert any("file line 2: the signature does not match" in d for d in details)
    # Removed from the start or the middle: the link of the line after it breaks.
    path.write_text("\n".join(original[1:]) + "\n")
    assert [b.detail for b in audit_verify().breaks] == ["file line 1: the line before it was altered or removed"]
    # Signed by another key (one forged by whoever could write the file): not trusted.
    other = algorithms.signer("ed25519", "b3RoZXIta2V5LW5vdC10cnVzdGVkLWJ5LWZpbnN1cDA=")
    body = {k: v for k, v in json.loads(original[0]).items() if k != "signature"}
    body["public_key"] = other.public_key
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    path.write_text(json.dumps({**body, "signature": other.sign(text.encode())}) + "\n")
    assert [b.detail for b in audit_verify().breaks] == ["file line 1 is signed by a key that is not trusted"]


def test_entries_left_unanchored_warn_and_fail_where_anchoring_is_required(db, anchor_dir, settings, capsys):
    settings.FINSUP_AUDIT_ANCHOR_MAX_AGE = 0  # every entry is already older than the interval
    write(3)
    report = audit_verify()
    assert report.intact and "no checkpoint at all" in report.warnings[0]  # the file is missing
    call_command("audit", "verify")
    assert "warning: no checkpoint at all" in capsys.readouterr().err
    settings.FINSUP_AUDIT_ANCHOR_REQUIRED = True
    assert [(b.seq, b.reason) for b in audit_verify().breaks] == [(1, "anchor")]
    audit_anchor()
    assert audit_verify().intact and not audit_verify().warnings
    write(1, start=3)
    (only,) = audit_verify().breaks
    assert only.seq == 4 and "is `finsup audit anchor` running from cron?" in only.detail


def test_verify_with_anchor_writes_a_checkpoint_only_of_an_intact_chain(db, anchor_dir, capsys):
    write(4)
    call_command("audit", "verify", "--anchor")
    assert "anchored #4" in capsys.readouterr().out and len(lines(anchor_dir)) == 1


def test_existing_sha256_hashes_are_unchanged():
    """The hash of an entry written before the algorithm became a choice, as the code of
    2026-12-05 (main at 1adcc05) computed it: every existing chain must keep verifying."""
    from datetime import UTC, datetime

    from finsup.audit.chain import entry_digest

    fields = dict(
        seq=7,
        at=datetime(2026, 11, 30, 8, 15, tzinfo=UTC),
        actor_id=3,
        actor_label="city_clerk",
        address="10.0.0.7",
        channel="web",
        action="update",
        object_type="institutions.institution",
        object_id=42,
        object_repr="临沂市兰山区富民农村小额贷款股份有限公司",
        office_path="371300/371302",
        changes={"name": ["旧", "新"]},
        prev_hash="ab" * 32,
        subject="institutions.institution:42",
    )
    assert entry_digest(**fields) == "ec5735ea195f9750e32408593762689157143f68840bfcd3b4440cba955a9487"
    assert entry_digest(**fields, algorithm="sha256") == entry_digest(**fields)
    assert entry_digest(**fields, algorithm="sm3") != entry_digest(**fields)


class Notary:
    """A tiny notary on a local port, speaking the protocol of HttpNotarySink: it keeps what is
    posted and gives it back."""

    def __init__(self, token):
        import http.server
        import threading

        self.kept = kept = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(handler):  # noqa: N802, N805
                if handler.headers.get("Authorization") != f"Bearer {token}":
                    return handler._answer(401, {"error": "token"})
                body = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
                kept.append(body["checkpoint"])
                return handler._answer(201, {"receipt": len(kept)})

            def do_GET(handler):  # noqa: N802, N805
                return handler._answer(200, {"checkpoints": kept})

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/checkpoints"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def notary(settings):
    server = Notary(token="notary-token-for-tests")
    settings.FINSUP_AUDIT_NOTARY_URL, settings.FINSUP_AUDIT_NOTARY_TOKEN = server.url, "notary-token-for-tests"
    yield server
    server.stop()


@pytest.mark.audit_tampered
def test_the_notary_keeps_a_copy_that_catches_a_cut_tail_after_the_file_is_gone(db, anchor_dir, notary):
    """Whoever can cut the table and delete the anchor file still cannot reach the notary's copy."""
    write(6)
    assert not audit_anchor().sink_errors
    assert notary.kept == lines(anchor_dir)
    report = audit_verify()
    assert report.intact and report.anchors.sinks == [str(anchor_dir / "anchors.jsonl"), notary.url]
    assert report.anchors.checkpoints == 1  # the notary's copy of the same line counts once
    bypass_triggers()
    cut_tail_after(4)
    (anchor_dir / "anchors.jsonl").unlink()
    (cut,) = audit_verify().breaks
    assert (cut.seq, cut.to_seq, cut.reason) == (5, 6, "anchor") and "notary line 1" in cut.detail


def test_an_unreachable_notary_fails_the_anchor_command_but_the_file_is_written(db, anchor_dir, notary, settings):
    write(2)
    notary.stop()
    with pytest.raises(CommandError, match="did not keep the checkpoint"):
        call_command("audit", "anchor")
    assert len(lines(anchor_dir)) == 1
    settings.FINSUP_AUDIT_NOTARY_TOKEN = "wrong"  # a notary that refuses: reported the same way
    restarted = Notary(token="notary-token-for-tests")
    settings.FINSUP_AUDIT_NOTARY_URL = restarted.url
    try:
        write(1, start=2)
        assert "401" in audit_anchor().sink_errors[0] and not restarted.kept
    finally:
        restarted.stop()


def test_production_refuses_to_start_without_a_signing_key():
    from cryptography.fernet import Fernet

    from tests.accounts.test_security import _start_production

    secrets = {
        "FINSUP_SECRET_KEY": "k7#Vq2!pZr9@Lm4$Wx8^Tn1&Yb6*Hc3(Jd5)Fg0-Se2+Ua7=Oi9?",
        "FINSUP_LOOKUP_KEY": "Nw3-Rt8-Yu1-Io5-Pa7-Sd2-Fg9-Hj4-Kl6",
        "FINSUP_FIELD_KEYS": Fernet.generate_key().decode(),
    }
    result = _start_production(secrets)
    assert result.returncode != 0 and "FINSUP_AUDIT_SIGNING_KEY" in result.stderr
    not_a_key = "Long enough, varied, but not 32 bytes of base64 at all"
    result = _start_production({**secrets, "FINSUP_AUDIT_SIGNING_KEY": not_a_key})
    assert result.returncode != 0 and "32 random bytes" in result.stderr
    result = _start_production({**secrets, "FINSUP_AUDIT_SIGNING_KEY": "q1Xb0mYc9Jr4Tn7Wv2Lk5Pz8Hs3Fd6Ga1Qe4Ru7Iy0o="})
    assert result.returncode == 0, result.stderr


def test_anchor_says_why_when_it_cannot_write_or_sign(db, settings, tmp_path):
    write(1)
    (tmp_path / "a-file").write_text("")
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp_path / "a-file" / "anchors"
    with pytest.raises(CommandError, match="not anchored: .*a-file"):
        call_command("audit", "anchor")
    settings.FINSUP_AUDIT_ANCHOR_DIR, settings.FINSUP_AUDIT_SIGNING_KEY = tmp_path / "anchors", "not-a-key"
    with pytest.raises(CommandError, match="32 random bytes"):
        call_command("audit", "anchor")
    assert audit_verify().intact  # verifying needs no signing key while there is no checkpoint


@pytest.mark.audit_tampered
def test_a_chain_with_investigated_breaks_can_be_anchored_on_purpose(db, anchor_dir, capsys):
    """A deployment whose chain a defect once broke (issue 13: a blank address hashed as "" and
    stored as NULL) must still be able to anchor from now on, by an operator's explicit choice."""
    write(5)
    bypass_triggers()
    AuditEntry.objects.filter(seq=2).update(address=None)  # stored differently from its hash
    with pytest.raises(CommandError, match="not anchored"):
        call_command("audit", "anchor")
    assert "#2: the record was altered" in capsys.readouterr().err
    call_command("audit", "anchor", "--despite-breaks")
    write(2, start=5)
    assert audit_anchor().written  # later runs walk from the checkpoint: the old break is behind it
    assert [(b.seq, b.reason) for b in audit_verify().breaks] == [(2, "content")]  # still reported
    rechain_from(6)
    with pytest.raises(AnchorRefused):  # a break after the checkpoint is refused again
        audit_anchor(despite_breaks=False)
    assert {(b.seq, b.reason) for b in audit_verify().breaks} == {(2, "content"), (7, "anchor")}


class TimestampAuthority:
    """An RFC 3161 timestamping authority on a local port: OpenSSL's own `openssl ts -reply` with
    a throwaway CA and TSA certificate made for the test."""

    def __init__(self, folder):
        import http.server
        import subprocess
        import threading

        self.folder = folder
        folder.mkdir()

        def ssl(*args):
            subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        ssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test CA", "-days", "2",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")  # fmt: skip
        ssl("req", *ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Test TSA")
        (folder / "ext.cnf").write_text("extendedKeyUsage = critical,timeStamping\n")
        ssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "tsa.pem", "-days", "2", "-extfile", "ext.cnf")  # fmt: skip
        (folder / "serial").write_text("01\n")
        (folder / "tsa.cnf").write_text(
            "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\n"
            f"serial = {folder}/serial\nsigner_cert = {folder}/tsa.pem\nsigner_key = {folder}/tsa.key\n"
            f"certs = {folder}/ca.pem\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
            "digests = sha256, sm3\naccuracy = secs:1\ness_cert_id_alg = sha256\n"
        )

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(handler):  # noqa: N802, N805
                assert handler.headers["Content-Type"] == "application/timestamp-query"
                (folder / "q.tsq").write_bytes(handler.rfile.read(int(handler.headers["Content-Length"])))
                ssl("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "q.tsq", "-out", "r.tsr")
                answer = (folder / "r.tsr").read_bytes()
                handler.send_response(200)
                handler.send_header("Content-Type", "application/timestamp-reply")
                handler.send_header("Content-Length", str(len(answer)))
                handler.end_headers()
                handler.wfile.write(answer)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verify(self, data: bytes, token) -> str:
        import subprocess

        (self.folder / "data").write_bytes(data)
        result = subprocess.run(
            ["openssl", "ts", "-verify", "-data", "data", "-in", str(token), "-CAfile", "ca.pem"],
            cwd=self.folder, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout + result.stderr


@pytest.mark.parametrize("algorithm", ["sha256", "sm3"])
def test_a_timestamping_authority_signs_each_checkpoint(db, anchor_dir, settings, tmp_path, algorithm):
    tsa = TimestampAuthority(tmp_path / "tsa")
    settings.FINSUP_AUDIT_TSA_URL, settings.FINSUP_AUDIT_HASH = tsa.url, algorithm
    try:
        write(3)
        assert not audit_anchor().sink_errors
        write(1, start=3)
        assert not audit_anchor().sink_errors
    finally:
        tsa.server.shutdown()
    first, second = lines(anchor_dir)
    tokens = sorted((anchor_dir / "timestamps").iterdir())
    assert [t.name for t in tokens] == ["000000000003.tsr", "000000000004.tsr"]
    assert "Verification: OK" in tsa.verify(first.encode(), tokens[0])
    assert "Verification: OK" not in tsa.verify(second.encode(), tokens[0])  # a token is for its own line
    report = audit_verify()
    assert report.intact and report.anchors.sinks == [str(anchor_dir / "anchors.jsonl")]
    write(1, start=4)
    with pytest.raises(CommandError, match="timestamping authority .* did not answer"):
        call_command("audit", "anchor")  # the authority is gone: the file is still written
    assert len(lines(anchor_dir)) == 3
