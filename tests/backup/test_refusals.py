"""A restore refuses, and changes nothing, when the keys are not the backup's, when the secrets
file's passphrase is wrong, when a member or the manifest was altered, and when the target holds
data; secrets of another install are not put over a database they do not read."""

import io
import json
import tarfile

import pytest
from django.core.management import call_command

from finsup.backup.keys import secrets_export
from tests import factories as f
from tests.complaints.factories import attachment, file_complaint

from . import drill

pytestmark = pytest.mark.django_db(transaction=True)
OTHER_KEYS = {
    "FINSUP_FIELD_KEYS": "lMj4HI-DCktetXX08OSzGoSYDJaSft2OUZI80kGk5-E=",
    "FINSUP_LOOKUP_KEY": "another-lookup-key-of-another-install-000",
    "FINSUP_SECRET_KEY": "another-secret-key-of-another-install-0123456789abcdefghij",
    "FINSUP_AUDIT_SIGNING_KEY": "YW5vdGhlci1hdWRpdC1zaWduaW5nLWtleS1vZi1hbm8=",
}


@pytest.fixture
def target(tmp_path):
    t = drill.Target(tmp_path / "restored")
    yield t
    t.drop()


def _rewrite(archive, out, name, change):
    """A copy of the archive with one member's bytes changed by ``change``."""
    with tarfile.open(archive) as src, tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == name:
                data = change(data)
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def _untouched(target):
    assert target.state() is None, "the target database was changed"
    assert drill.files(target.media) == {}
    assert {k for k in drill.files(target.store) if not k.startswith(".locks")} == set()
    leftovers = [p.name for p in target.var.glob(".*")] if target.var.exists() else []
    assert leftovers == [], leftovers


def test_restore_refuses_and_changes_nothing(settings, tmp_path, monkeypatch, target):
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.FINSUP_LOAN_STORE = tmp_path / "live" / "loans_store"
    monkeypatch.setenv(drill.PASSPHRASE_ENV, drill.PASSPHRASE)
    file_complaint(f.make_institution(), anonymous=False, attachments=[attachment()])
    archive, secrets = tmp_path / "b.tar", tmp_path / "secrets.enc"
    call_command("backup", output=archive, secrets_to=secrets, passphrase_env=drill.PASSPHRASE_ENV)
    media_member = next(n for n in tarfile.open(archive).getnames() if n.startswith("media/"))

    # keys of another install (SQLite: the keys a new local install generated for itself)
    target.keys_env = dict(OTHER_KEYS)
    result = target.finsup("restore", archive)
    assert result.returncode == 1 and "keys configured now cannot read" in result.stderr, result.stderr
    assert "FINSUP_LOOKUP_KEY" in result.stderr and "FINSUP_FIELD_KEYS" in result.stderr
    _untouched(target)
    target.keys_env = {}

    wrong = target.secrets_command(secrets, passphrase_env="WRONG", WRONG="not the passphrase!")
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr

    assert target.restore_secrets(secrets).returncode == 0
    flipped = _rewrite(archive, tmp_path / "flipped.tar", media_member, lambda b: b[:-1] + bytes([b[-1] ^ 1]))
    result = target.finsup("restore", flipped)
    assert result.returncode == 1 and f"member {media_member} does not match its checksum" in result.stderr
    _untouched(target)

    def fewer_rows(data):
        manifest = json.loads(data)
        manifest["counts"]["institutions_institution"] -= 1
        return json.dumps(manifest).encode()

    forged = _rewrite(archive, tmp_path / "forged.tar", "manifest.json", fewer_rows)
    result = target.finsup("restore", forged)
    assert result.returncode == 1 and "manifest was altered" in result.stderr
    _untouched(target)

    assert target.finsup("restore", archive).returncode == 0
    again = target.finsup("restore", archive)
    assert again.returncode == 1 and "empty database and empty folders only" in again.stderr

    # the secrets of another install are not put over data they cannot read
    other = tmp_path / "other.enc"
    settings.FINSUP_FIELD_KEYS = [OTHER_KEYS["FINSUP_FIELD_KEYS"]]
    settings.FINSUP_LOOKUP_KEY = OTHER_KEYS["FINSUP_LOOKUP_KEY"]
    secrets_export(path=other, passphrase=drill.PASSPHRASE)
    before = drill.files(target.var / "secrets")
    result = target.secrets_command(other, env_file=tmp_path / "o.env")
    assert result.returncode == 1 and "belong to another install" in result.stderr
    assert drill.files(target.var / "secrets") == before and not (tmp_path / "o.env").exists()


def test_a_failed_check_after_loading_empties_the_database_again(tmp_path, target, monkeypatch, settings):
    """What restore does when a check after loading fails: the database, empty before, is empty
    again (PostgreSQL: every table, sequence and function the dump created is dropped)."""
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.FINSUP_LOAN_STORE = tmp_path / "live" / "loans_store"
    monkeypatch.setenv(drill.PASSPHRASE_ENV, drill.PASSPHRASE)
    f.make_institution()
    archive, secrets = tmp_path / "b.tar", tmp_path / "secrets.enc"
    call_command("backup", output=archive, secrets_to=secrets, passphrase_env=drill.PASSPHRASE_ENV)
    assert target.restore_secrets(secrets).returncode == 0
    assert target.finsup("restore", archive).returncode == 0
    assert target.state()["counts"]["institutions_institution"] == 1
    code = "from finsup.backup import database; database.undo_restore(); print(repr(database.target_problem()))"
    undone = target.finsup("shell", "-v0", "-c", code)
    assert undone.returncode == 0 and undone.stdout.strip() == "''", undone.stderr
    assert target.state() is None
