"""The secrets file: the keys round-trip with the passphrase, and nothing comes out with a wrong
passphrase or an altered file; it is new, private and never overwritten."""

import base64
import json

import pytest

from finsup.backup import secrets_file
from finsup.backup.files import FileExistsRefused
from finsup.backup.keys import SecretsRefused, secrets_export, secrets_read

PASSPHRASE = "a long test passphrase, never a real one"


def test_the_keys_round_trip_with_the_passphrase(settings, tmp_path):
    settings.FINSUP_LOAN_KEY_LAYERS = ["layer-one-key-for-the-loan-store-0001"]
    path = secrets_export(path=tmp_path / "s.enc", passphrase=PASSPHRASE)
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text()
    for secret in (
        settings.FINSUP_LOOKUP_KEY,
        settings.FINSUP_FIELD_KEYS[0],
        settings.SECRET_KEY,
        settings.FINSUP_AUDIT_SIGNING_KEY,
    ):
        assert secret not in text
    assert secrets_read(path=path, passphrase=PASSPHRASE) == {
        "secret_key": settings.SECRET_KEY,
        "field_keys": settings.FINSUP_FIELD_KEYS,
        "lookup_key": settings.FINSUP_LOOKUP_KEY,
        "loan_key_layers": ["layer-one-key-for-the-loan-store-0001"],
        "audit_signing_key": settings.FINSUP_AUDIT_SIGNING_KEY,
    }


def test_a_wrong_passphrase_or_an_altered_file_gives_nothing(tmp_path):
    path = secrets_export(path=tmp_path / "s.enc", passphrase=PASSPHRASE)
    with pytest.raises(SecretsRefused, match="wrong passphrase"):
        secrets_read(path=path, passphrase=PASSPHRASE + "!")
    envelope = json.loads(path.read_text())
    weaker = {**envelope, "kdf": {**envelope["kdf"], "n": 2**14}}  # the header is authenticated too
    sealed = base64.b64decode(envelope["ciphertext"])
    flipped = {**envelope, "ciphertext": base64.b64encode(sealed[:-1] + bytes([sealed[-1] ^ 1])).decode()}
    for i, changed in enumerate((weaker, flipped)):
        altered = tmp_path / f"altered{i}.enc"
        altered.write_text(json.dumps(changed))
        with pytest.raises(SecretsRefused, match="wrong passphrase, or the secrets file was altered"):
            secrets_read(path=altered, passphrase=PASSPHRASE)
    (tmp_path / "junk.enc").write_text("not json")
    with pytest.raises(SecretsRefused, match="not a finsup secrets file"):
        secrets_read(path=tmp_path / "junk.enc", passphrase=PASSPHRASE)


def test_a_short_passphrase_and_an_existing_file_are_refused(tmp_path):
    with pytest.raises(SecretsRefused, match="at least 12 characters"):
        secrets_export(path=tmp_path / "s.enc", passphrase="short")
    assert not (tmp_path / "s.enc").exists()
    (tmp_path / "s.enc").write_text("an older file")
    with pytest.raises(FileExistsRefused):
        secrets_export(path=tmp_path / "s.enc", passphrase=PASSPHRASE)
    assert (tmp_path / "s.enc").read_text() == "an older file"
    assert [p.name for p in tmp_path.iterdir()] == ["s.enc"]  # no partial file left


def test_the_format_names_its_algorithms():
    envelope = json.loads(secrets_file.seal({"k": "v"}, PASSPHRASE))
    assert envelope["cipher"] == "AES-256-GCM" and envelope["kdf"]["name"] == "scrypt"
    assert envelope["kdf"]["n"] >= 2**17
