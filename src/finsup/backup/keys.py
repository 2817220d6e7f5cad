"""The platform's secrets in and out of a passphrase-encrypted file, never with the data.

Out: the keys in force (whatever they came from: var/secrets/ or the environment). In: a local
install gets them back under var/secrets/; a production install, whose settings read only the
environment, gets an environment file (mode 0600) for its service. Keys already in var/secrets/
are replaced only when the database holds no personal data or when the file's keys read it (the
keys there were then generated anew over the data, the case finsup.K001/K002 refuse to run with);
the replaced files are moved aside, never deleted.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from finsup.core.key_check import check_stored_data, database_reachable

from . import secrets_file
from .files import new_private_file, private_dir

ENV_NAMES = {
    "secret_key": "FINSUP_SECRET_KEY",
    "field_keys": "FINSUP_FIELD_KEYS",
    "lookup_key": "FINSUP_LOOKUP_KEY",
    "loan_key_layers": "FINSUP_LOAN_KEY_LAYERS",
    "audit_signing_key": "FINSUP_AUDIT_SIGNING_KEY",
}
# var/secrets/ file names of a local install (config/settings/local.py)
LOCAL_FILES = {
    "secret_key": "secret_key",
    "field_keys": "field_key",
    "lookup_key": "lookup_key",
    "loan_key_layers": "loan_key_layers",
    "audit_signing_key": "audit_signing_key",
}


class SecretsRefused(Exception):
    pass


@dataclass(frozen=True)
class SecretsRestored:
    where: Path
    written: list[str]
    moved_aside: Path | None


def secrets_export(*, path: Path, passphrase: str) -> Path:
    payload = {
        "created": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "secrets": {
            "secret_key": settings.SECRET_KEY,
            "field_keys": list(settings.FINSUP_FIELD_KEYS),
            "lookup_key": settings.FINSUP_LOOKUP_KEY,
            "loan_key_layers": list(settings.FINSUP_LOAN_KEY_LAYERS),
            "audit_signing_key": settings.FINSUP_AUDIT_SIGNING_KEY,
        },
    }
    if not payload["secrets"]["field_keys"] or not payload["secrets"]["lookup_key"]:
        raise SecretsRefused("the personal-data keys are not configured: nothing to export")
    try:
        data = secrets_file.seal(payload, passphrase)
    except secrets_file.SecretsFileError as exc:
        raise SecretsRefused(str(exc)) from exc
    with new_private_file(Path(path)) as fh:
        fh.write(data)
    return Path(path)


def secrets_read(*, path: Path, passphrase: str) -> dict:
    try:
        return secrets_file.open_sealed(Path(path).read_bytes(), passphrase)["secrets"]
    except OSError as exc:
        raise SecretsRefused(f"cannot read {path}: {exc.strerror}") from exc
    except secrets_file.SecretsFileError as exc:
        raise SecretsRefused(str(exc)) from exc


def secrets_restore(*, path: Path, passphrase: str, env_file: Path | None = None) -> SecretsRestored:
    secrets = secrets_read(path=path, passphrase=passphrase)
    _check_against_database(secrets)
    if env_file is not None:
        return _write_env_file(secrets, Path(env_file))
    if not settings.SETTINGS_MODULE.endswith(".local"):
        raise SecretsRefused(
            "these settings read the keys from the environment: give --env-file PATH to write them as an "
            "environment file (mode 0600) for the service"
        )
    return _write_local(secrets, Path(settings.VAR_DIR) / "secrets")


def _check_against_database(secrets: dict) -> None:
    if not database_reachable():
        return
    try:
        with connection.cursor() as cursor:
            report = check_stored_data(cursor, keys=secrets["field_keys"], lookup_key=secrets["lookup_key"])
    except DatabaseError:  # no tables yet: a new database
        return
    if not report.ok:
        raise SecretsRefused(
            "these secrets do not read the personal data of the configured database "
            f"({', '.join(report.unreadable + report.hash_mismatches)}): they belong to another install"
        )


def _value(secrets: dict, name: str, sep: str) -> str:
    value = secrets.get(name, "")  # a secrets file from before the audit signing key lacks it
    return sep.join(value) if isinstance(value, list) else value


def _write_env_file(secrets: dict, target: Path) -> SecretsRestored:
    lines = []
    for name, env in ENV_NAMES.items():
        value = _value(secrets, name, ",")
        if value:
            lines.append(f"{env}='" + value.replace("'", "'\\''") + "'\n")
    with new_private_file(target) as fh:
        fh.write("".join(lines).encode())
    return SecretsRestored(target, [ENV_NAMES[n] for n in ENV_NAMES if _value(secrets, n, ",")], None)


def _write_local(secrets: dict, folder: Path) -> SecretsRestored:
    private_dir(folder)
    wanted = {LOCAL_FILES[name]: _value(secrets, name, "\n") for name in LOCAL_FILES}
    changed = {
        name: value
        for name, value in wanted.items()
        if (value or (folder / name).exists())
        and ((folder / name).read_text().strip() if (folder / name).exists() else None) != value
    }
    aside = None
    existing = [name for name in changed if (folder / name).exists()]
    if existing:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = private_dir(folder / f"replaced-{stamp}")
        for name in existing:
            os.replace(folder / name, aside / name)
    for name, value in changed.items():
        if value:
            with new_private_file(folder / name) as fh:
                fh.write(value.encode())
    return SecretsRestored(folder, sorted(changed), aside)
