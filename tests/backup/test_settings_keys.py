"""Settings and keys: production refuses to start without each key; a local install generates keys
for a new database only, and the system check refuses one whose keys are gone."""

import os
import sqlite3
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

GOOD = {
    "FINSUP_SECRET_KEY": "k7#Vq2!pZr9@Lm4$Wx8^Tn1&Yb6*Hc3(Jd5)Fg0-Se2+Ua7=Oi9?",
    "FINSUP_LOOKUP_KEY": "Nw3-Rt8-Yu1-Io5-Pa7-Sd2-Fg9-Hj4-Kl6",
    "FINSUP_FIELD_KEYS": Fernet.generate_key().decode(),
    "FINSUP_AUDIT_SIGNING_KEY": "bG9jYWwtdGVzdC1hdWRpdC1zaWduaW5nLWtleS0wMDA=",
}


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSUP_") and k != "DATABASE_URL"}
    env.update(extra)
    return env


def _import_production(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import finsup.config.settings.production"],
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_import_with_every_key():
    assert _import_production(GOOD).returncode == 0


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_production_settings_refuse_each_missing_key(missing):
    result = _import_production({k: v for k, v in GOOD.items() if k != missing})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_production_settings_refuse_a_field_key_that_is_not_a_fernet_key():
    result = _import_production({**GOOD, "FINSUP_FIELD_KEYS": "not-a-fernet-key-" + "x" * 30})
    assert result.returncode != 0 and "FINSUP_FIELD_KEYS" in result.stderr


def _local(var, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "finsup.manage", *args],
        env=_clean_env(FINSUP_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="finsup.config.settings.local"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_local_install_generates_keys_for_a_new_database_only(tmp_path):
    var = tmp_path / "var"
    assert _local(var, "check").returncode == 0
    keys = {p.name: p.read_text() for p in (var / "secrets").iterdir()}
    assert set(keys) == {"secret_key", "field_key", "lookup_key", "audit_signing_key"}
    assert all((var / "secrets" / n).stat().st_mode & 0o777 == 0o600 for n in keys)

    sqlite3.connect(var / "finsup.sqlite3").close()  # the database now exists
    (var / "secrets" / "field_key").unlink()
    (var / "secrets" / "lookup_key").unlink()
    result = _local(var, "check")
    assert result.returncode != 0 and "finsup.K001" in result.stderr
    assert "var/secrets/field_key, var/secrets/lookup_key missing" in result.stderr
    # nothing generated (the signing key signs checkpoints only, it may be made anew)
    assert sorted(p.name for p in (var / "secrets").iterdir()) == ["audit_signing_key", "secret_key"]

    (var / "secrets" / "field_key").write_text(keys["field_key"])
    (var / "secrets" / "lookup_key").write_text(keys["lookup_key"])
    assert _local(var, "check").returncode == 0
