"""The national algorithms option: SM3 for the chain's hash, SM2 for the checkpoints' signatures,
and a chain that verifies across a change of settings."""

import hashlib
import json

import pytest

from finsup.audit import algorithms
from finsup.audit.anchoring import audit_anchor
from finsup.audit.models import AuditEntry
from finsup.audit.services import audit_record, audit_verify
from finsup.core.request_context import Actor, acting_as

KEY = "dGVzdC1vbmx5LWF1ZGl0LXNpZ25pbmcta2V5LTAwMDA="

# GB/T 32905-2016, appendix A: the two examples.
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM3_ABCD16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


@pytest.mark.parametrize("openssl", [True, False], ids=["openssl", "gmssl"])
def test_sm3_known_answers(monkeypatch, openssl):
    if not openssl:  # the pure-Python fallback of an OpenSSL built without SM3
        monkeypatch.setattr(hashlib, "algorithms_available", hashlib.algorithms_available - {"sm3"})
    elif "sm3" not in hashlib.algorithms_available:
        pytest.skip("this OpenSSL has no SM3; the gmssl case covers the fallback")
    assert algorithms.digest("sm3", b"abc") == SM3_ABC
    assert algorithms.digest("sm3", b"abcd" * 16) == SM3_ABCD16


def test_sha256_known_answer_and_unknown_names():
    assert algorithms.digest("sha256", b"abc").startswith("ba7816bf8f01cfea")
    with pytest.raises(algorithms.UnknownAlgorithm):
        algorithms.digest("md5", b"abc")
    with pytest.raises(algorithms.UnknownAlgorithm):
        algorithms.signer("rsa", KEY)


@pytest.mark.parametrize("name", ["sm2", "ed25519"])
def test_signature_round_trip_and_tampering(name):
    signer = algorithms.signer(name, KEY)
    data = "检查点 #42".encode()
    signature = signer.sign(data)
    assert algorithms.verify(name, signer.public_key, data, signature)
    assert not algorithms.verify(name, signer.public_key, data + b"!", signature)
    flipped = signature[:10] + ("0" if signature[10] != "0" else "1") + signature[11:]
    assert not algorithms.verify(name, signer.public_key, data, flipped)
    other = algorithms.signer(name, "b3RoZXIta2V5LW5vdC10cnVzdGVkLWJ5LWZpbnN1cDA=")
    assert not algorithms.verify(name, other.public_key, data, signature)
    assert not algorithms.verify(name, signer.public_key, data, "zz")


def test_sm2_signatures_use_a_fresh_nonce_and_the_same_key_from_the_same_seed():
    """gmssl's own nonce comes from `random`; ours from `secrets`: two signatures of the same data
    differ, and both verify. The key is derived deterministically from the configured seed."""
    a, b = algorithms.signer("sm2", KEY), algorithms.signer("sm2", KEY)
    assert a.public_key == b.public_key and len(a.public_key) == 128
    one, two = a.sign(b"x"), a.sign(b"x")
    assert one != two and algorithms.verify("sm2", a.public_key, b"x", two)


def test_a_bad_signing_key_is_refused():
    with pytest.raises(ValueError, match="32 random bytes"):
        algorithms.signer("ed25519", "too-short")


def test_a_chain_verifies_across_a_change_of_algorithms(db, settings, tmp_path):
    """Entries keep the algorithm they were written with; checkpoints name theirs; an earlier
    signing key stays trusted through FINSUP_AUDIT_TRUSTED_KEYS."""
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp_path

    def write(n):
        with acting_as(Actor(label="test", channel="command")):
            for i in range(n):
                audit_record(action="create", object_type="test.thing", object_id=str(i), object_repr="thing")

    write(2)
    audit_anchor()
    settings.FINSUP_AUDIT_HASH, settings.FINSUP_AUDIT_SIGNATURE = "sm3", "sm2"
    settings.FINSUP_AUDIT_TRUSTED_KEYS = [f"ed25519:{algorithms.signer('ed25519', KEY).public_key}"]
    write(3)
    audit_anchor()
    assert list(AuditEntry.objects.order_by("seq").values_list("algorithm", flat=True)) == ["sha256"] * 2 + ["sm3"] * 3
    first, second = (tmp_path / "anchors.jsonl").read_text().splitlines()
    assert json.loads(first)["signature_algorithm"] == "ed25519"
    assert (json.loads(second)["signature_algorithm"], json.loads(second)["algorithm"]) == ("sm2", "sm3")
    assert json.loads(second)["prev"] == algorithms.digest("sm3", first.encode())
    report = audit_verify()
    assert report.intact and report.anchors.checkpoints == 2
    # Back to the defaults, the SM2 key listed as trusted: all of it still verifies.
    settings.FINSUP_AUDIT_HASH, settings.FINSUP_AUDIT_SIGNATURE = "sha256", "ed25519"
    settings.FINSUP_AUDIT_TRUSTED_KEYS = [f"sm2:{algorithms.signer('sm2', KEY).public_key}"]
    write(1)
    assert audit_verify().intact
    # Without the old key trusted, its checkpoint is refused, not silently used.
    settings.FINSUP_AUDIT_TRUSTED_KEYS = []
    assert [b.detail for b in audit_verify().breaks] == ["file line 2 is signed by a key that is not trusted"]


def test_the_public_key_command_prints_what_trusted_keys_list(capsys):
    from django.core.management import call_command

    call_command("audit", "public-key")
    assert capsys.readouterr().out.strip() == f"ed25519:{algorithms.signer('ed25519', KEY).public_key}"
