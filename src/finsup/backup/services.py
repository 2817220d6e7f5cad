"""`finsup backup`: one archive with the database, the loan store, the media files and the audit
anchor, consistent with each other, written atomically (mode 0600). The keys are never in it:
only their fingerprints (see core/key_check.py); the keys go to a separate, passphrase-encrypted
secrets file (keys.py).

Consistency: the loan store's exclusive lock (the one `loans rekey` takes; ingestion takes it
shared) is held while the database state is fixed and the store's files are hard-linked into a
staging folder, so the archive holds no store file without its batch record and no batch record
without its file. Ingestion waits meanwhile (seconds: a link per file, the SQLite copy or the
export of a PostgreSQL snapshot); the dump itself runs after the lock is released. Media files
are written before the rows that name them, so listing them after the database snapshot finds
every file a row names.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils import timezone

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.key_check import check_stored_data, key_fingerprints
from finsup.loans import keyring

from . import archive, database
from .files import new_private_file

STORE_SKIP = (".locks", ".backup-")  # the lock files, and other backups' staging folders


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict
    problems: list[str]


def default_name(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    return f"finsup-backup-{now.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}.tar"


def anchor_dir() -> Path | None:
    value = settings.FINSUP_AUDIT_ANCHOR_DIR
    return Path(value) if value else None


def loan_layer_prints() -> list[str]:
    return [keyring.fingerprint(k) for k in keyring.layer_keys()]


def backup_create(*, output: Path) -> BackupResult:
    output = Path(output)
    store, media = Path(settings.FINSUP_LOAN_STORE), Path(settings.MEDIA_ROOT)
    if output.exists():
        raise archive.ArchiveRefused(f"{output} exists: give a new name")
    if not settings.FINSUP_FIELD_KEYS or not settings.FINSUP_LOOKUP_KEY:
        raise archive.ArchiveRefused("the personal-data keys are not configured (finsup check says why)")
    audit_record(
        action=AuditAction.EXPORT,
        object_type="backup.archive",
        object_repr=output.name,
        changes={"backup": output.name},
    )
    work = Path(tempfile.mkdtemp(prefix=".finsup-backup-", dir=output.parent))
    store.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=store))
    snapshot = database.Snapshot(work)
    try:
        with keyring.store_lock(store, exclusive=True):
            snapshot.begin()
            _link_tree(store, staging)
        state = snapshot.state()
        cursor = snapshot.cursor()
        try:
            keys_report = check_stored_data(cursor)
        finally:
            cursor.close()
        db_file = work / "database"
        snapshot.dump(db_file)
        manifest = {
            "format": archive.FORMAT,
            "version": archive.VERSION,
            "created": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": snapshot.vendor,
                "member": database.MEMBER[snapshot.vendor],
                "server_version": snapshot.server_version(),
            },
            **state,
            "keys": {**key_fingerprints(), "loan_layers": loan_layer_prints()},
            "personal_data_check": {"values_checked": keys_report.values_checked, "ok": keys_report.ok},
            "loan_store": store_summary(staging),
            "anchor": bool(anchor_dir() and anchor_dir().is_dir()),
        }
        snapshot.close()
        with new_private_file(output) as fh:
            writer = archive.Writer(fh)
            writer.add_file(manifest["database"]["member"], db_file)
            for name, path in archive.files_under(staging):
                writer.add_file(f"store/{name}", path)
            for name, path in archive.files_under(media):
                writer.add_file(f"media/{name}", path)
            if manifest["anchor"]:
                for name, path in archive.files_under(anchor_dir()):
                    writer.add_file(f"anchor/{name}", path)
            manifest["members"] = writer.members
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            writer.add_bytes(archive.MANIFEST, data)
            writer.add_bytes(archive.MANIFEST_MAC, archive.manifest_mac(data, settings.FINSUP_LOOKUP_KEY).encode())
            writer.close()
    finally:
        snapshot.close()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    problems = []
    if not keys_report.ok:
        problems.append(
            "the configured keys cannot read some stored personal data "
            f"({', '.join(keys_report.unreadable + keys_report.hash_mismatches)}): the backup was written, "
            "but a restore needs the keys those data were written with"
        )
    return BackupResult(output, manifest, problems)


def _link_tree(store: Path, staging: Path) -> None:
    """Hard links (a copy across file systems) of the store's files: the store never rewrites a
    file in place (new batches are new files, `rekey` and `migrate-store` swap whole folders), so
    the links keep the state of this moment."""
    for name, path in archive.files_under(store, skip=STORE_SKIP):
        dest = staging / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def store_summary(store: Path) -> dict:
    """Loan files and rows in a store (read by DuckDB, as the platform reads it)."""
    files = sorted((Path(store) / "loans").glob("**/*.parquet"))
    rows = 0
    if files:
        listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
        con = duckdb.connect()
        try:
            rows = con.execute(f"SELECT count(*) FROM read_parquet([{listed}], union_by_name = true)").fetchone()[0]
        finally:
            con.close()
    return {"files": len(files), "rows": int(rows), "layers": keyring.store_layers(Path(store))}
