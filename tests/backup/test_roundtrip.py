"""`finsup backup` → a fresh, empty platform → `finsup restore`, as an operator runs them, on the
database the suite runs on (SQLite, and PostgreSQL in CI): the restored platform has the same rows
in every table, an intact audit chain, readable personal data, the same loan book and media."""

import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from finsup.backup.database import collect_state

from . import drill, platform

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(settings, tmp_path, monkeypatch):
    """The platform being backed up: its own store and media folders."""
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.FINSUP_LOAN_STORE = tmp_path / "live" / "loans_store"
    settings.FINSUP_LOAN_INBOX = tmp_path / "live" / "loan_inbox"
    monkeypatch.setenv(drill.PASSPHRASE_ENV, drill.PASSPHRASE)
    return settings


@pytest.fixture
def target(tmp_path):
    t = drill.Target(tmp_path / "restored")
    yield t
    t.drop()


def _state():
    with connection.cursor() as cursor:
        return collect_state(cursor, connection.vendor)


def test_backup_restores_into_a_fresh_platform(live, target, tmp_path):
    built = platform.build(tmp_path)
    live.FINSUP_AUDIT_ANCHOR_DIR = tmp_path / "live" / "anchor"  # the audit anchor's folder, when configured
    (live.FINSUP_AUDIT_ANCHOR_DIR / "2026").mkdir(parents=True)
    (live.FINSUP_AUDIT_ANCHOR_DIR / "2026" / "checkpoints.jsonl").write_text('{"seq": 1}\n')
    archive, secrets = tmp_path / "platform.tar", tmp_path / "offline" / "secrets.enc"
    secrets.parent.mkdir()
    call_command("backup", output=archive, secrets_to=secrets, passphrase_env=drill.PASSPHRASE_ENV)
    before = _state()
    assert archive.stat().st_mode & 0o777 == 0o600 and secrets.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "anchor/2026/checkpoints.jsonl" in names and manifest["anchor"] is True
    assert set(names) == {*manifest["members"], "manifest.json", "manifest.hmac"}
    assert manifest["audit_head"] == before["audit_head"] and manifest["counts"] == before["counts"]
    assert before["counts"]["institutions_keyperson"] == 1 and before["counts"]["loans_loanbatch"] == 1
    book = platform.loan_book(live.FINSUP_LOAN_STORE, built.loan_company)
    assert book[built.loan_company].live_loans > 0

    result = target.restore_secrets(secrets)
    assert result.returncode == 0, result.stderr
    result = target.finsup("restore", archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit chain intact" in result.stdout

    after = target.state()
    # every table has the same rows; the restore itself adds one audit entry, as every write does
    assert after["counts"] == {**before["counts"], "audit_auditentry": before["counts"]["audit_auditentry"] + 1}
    assert after["migrations"] == before["migrations"]
    assert after["audit_head"]["seq"] == before["audit_head"]["seq"] + 1
    verify = target.finsup("audit", "verify")
    assert verify.returncode == 0 and f"intact: {before['audit_head']['seq'] + 1} records" in verify.stdout
    assert target.finsup("check").returncode == 0

    read = target.finsup(
        "shell",
        "-v0",
        "-c",
        "from finsup.institutions.models import KeyPerson; from finsup.complaints.models import Complaint; "
        f"print(KeyPerson.objects.get(pk={built.person_pk}).id_number); "
        f"print(Complaint.objects.get(pk={built.complaint_pk}).complainant_phone)",
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == [built.person_id_number, built.complainant_phone]

    assert platform.loan_book(target.store, built.loan_company) == book
    stored = {k: v for k, v in drill.files(live.FINSUP_LOAN_STORE).items() if not k.startswith(".locks")}
    assert drill.files(target.store) == stored
    assert drill.files(target.media) == drill.files(live.MEDIA_ROOT)
    assert built.attachment_name in drill.files(target.media)

    # the keys of another install are refused before anything is read: K002 and K003 say why
    other = target.finsup("check", FINSUP_FIELD_KEYS="lMj4HI-DCktetXX08OSzGoSYDJaSft2OUZI80kGk5-E=")
    assert other.returncode != 0 and "finsup.K002" in other.stderr
    other = target.finsup("check", FINSUP_LOOKUP_KEY="another-lookup-key-of-another-install-000")
    assert other.returncode != 0 and "finsup.K003" in other.stderr
