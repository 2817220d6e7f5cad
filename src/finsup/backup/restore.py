"""`finsup restore ARCHIVE`: into an empty database and empty store and media folders only.

Before anything is touched: the archive's form, the keys configured now against the fingerprints
the backup recorded (and then the manifest's HMAC, which only those keys reproduce), the
migrations (the archive may not be newer than the code), and that the targets are empty. Then the
members are extracted into temporary folders beside their targets, each checked against its
SHA-256, the loan store counted; the database is restored (pg_restore in one transaction, or
SQLite's backup API) and checked: row counts, migrations and the audit head equal to the manifest,
the audit chain intact, personal data readable. Only then are the folders moved into place; a
failed check empties the database again, so a refused restore leaves everything as it was.

Why no --force over existing data: a restore over a live platform would mix two states; dropping
a database or emptying a folder is an explicit step the operator takes (docs/backup.md).
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record, audit_verify
from finsup.core.key_check import check_stored_data, fingerprint_mismatches

from . import archive, database
from .services import anchor_dir, loan_layer_prints, store_summary


class RestoreRefused(Exception):
    pass


@dataclass
class RestoreResult:
    manifest: dict
    files: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def backup_restore(*, path: Path) -> RestoreResult:
    reader = _open(path)
    try:
        manifest = reader.manifest
        _check_before_touching(reader)
        targets = {"store": Path(settings.FINSUP_LOAN_STORE), "media": Path(settings.MEDIA_ROOT)}
        result = RestoreResult(manifest)
        anchor = anchor_dir()
        if manifest.get("anchor") and anchor:
            if _is_empty(anchor):
                targets["anchor"] = anchor
            else:  # the outside witness of the audit chain: never overwritten (it may know later heads)
                result.notes.append(f"the audit anchor {anchor} is not empty and was left as it is")
        elif manifest.get("anchor"):
            result.notes.append(
                "the archive holds an audit anchor, but FINSUP_AUDIT_ANCHOR_DIR is not set: not restored"
            )
        staged = _extract(reader, targets, result)
    finally:
        reader.close()
    try:
        _check_store(staged.get("store"), manifest)
        database.restore(staged["database"] / "db")
        try:
            _check_database(manifest)
        except RestoreRefused:
            database.undo_restore()
            raise
        for part, target in targets.items():
            _move_into_place(staged[part], target)
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    audit_record(
        action=AuditAction.IMPORT,
        object_type="backup.archive",
        object_repr=Path(path).name,
        changes={"restored": Path(path).name, "created": manifest["created"], "audit_head": manifest["audit_head"]},
    )
    unapplied = _unapplied_migrations(manifest)
    if unapplied:
        result.notes.append(f"{unapplied} migrations of this version are not applied yet: run finsup migrate")
    return result


def _open(path: Path) -> archive.Reader:
    try:
        return archive.Reader(Path(path))
    except archive.ArchiveRefused as exc:
        raise RestoreRefused(str(exc)) from exc


def _check_before_touching(reader: archive.Reader) -> None:
    manifest = reader.manifest
    vendor = database.vendor()
    if manifest["database"]["vendor"] != vendor:
        raise RestoreRefused(
            f"the backup holds a {manifest['database']['vendor']} database; the configured database is {vendor}"
        )
    problems = fingerprint_mismatches(manifest["keys"])
    if manifest["keys"].get("loan_layers", []) != loan_layer_prints():
        problems.append("FINSUP_LOAN_KEY_LAYERS are not the loan-store key layers of the backup")
    if problems:
        raise RestoreRefused(
            "the keys configured now cannot read this backup's personal data: "
            + "; ".join(problems)
            + ". Restore the secrets file of the same install first (finsup restore --secrets FILE), "
            "or set the keys it was made with."
        )
    try:
        reader.check_mac(settings.FINSUP_LOOKUP_KEY)
    except archive.ArchiveRefused as exc:
        raise RestoreRefused(str(exc)) from exc
    unknown = _applied(manifest) - set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if unknown:
        raise RestoreRefused(
            f"the backup was made by a newer finsup: {len(unknown)} migrations unknown to this version "
            f"(e.g. {sorted(unknown)[0]}); install that version first"
        )
    problem = database.target_problem()
    targets = [Path(settings.FINSUP_LOAN_STORE), Path(settings.MEDIA_ROOT)]
    full = [str(t) for t in targets if not _is_empty(t)]
    if problem or full:
        raise RestoreRefused(
            "a restore goes into an empty database and empty folders only: "
            + "; ".join(([problem] if problem else []) + [f"{t} is not empty" for t in full])
        )


def _applied(manifest: dict) -> set[tuple[str, str]]:
    return {(app, name) for app, names in manifest["migrations"].items() for name in names}


def _unapplied_migrations(manifest: dict) -> int:
    return len(set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) - _applied(manifest))


def _is_empty(folder: Path) -> bool:
    """No file in it, not counting the loan store's lock files."""
    return not any(True for _ in archive.files_under(folder, skip=(".locks",)))


def _extract(reader: archive.Reader, targets: dict[str, Path], result: RestoreResult) -> dict[str, Path]:
    staged: dict[str, Path] = {}
    try:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        for part, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged[part] = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-{stamp}-", dir=target.parent))
            result.files[part] = reader.extract(part, staged[part])
        media_parent = Path(settings.MEDIA_ROOT).parent
        staged["database"] = Path(tempfile.mkdtemp(prefix=".finsup-restore-db-", dir=media_parent))
        member = reader.manifest["database"]["member"]
        reader.extract("database", staged["database"])
        (staged["database"] / Path(member).name).rename(staged["database"] / "db")
    except BaseException as exc:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, archive.ArchiveRefused):
            raise RestoreRefused(str(exc)) from exc
        raise
    return staged


def _check_store(store: Path, manifest: dict) -> None:
    summary = store_summary(store)
    recorded = manifest["loan_store"]
    if (summary["files"], summary["rows"]) != (recorded["files"], recorded["rows"]):
        raise RestoreRefused(f"the loan store holds {summary} after extraction, the backup recorded {recorded}")
    if summary["layers"] is not None and summary["layers"] != loan_layer_prints():
        raise RestoreRefused("the loan store's key layers (keyring.json) differ from FINSUP_LOAN_KEY_LAYERS")


def _check_database(manifest: dict) -> None:
    with connection.cursor() as cursor:
        state = database.collect_state(cursor, database.vendor())
        keys = check_stored_data(cursor)
    for what in ("migrations", "audit_head"):
        if state[what] != manifest[what]:
            raise RestoreRefused(f"the restored database's {what} differ from the manifest's")
    differ = {t: (state["counts"].get(t), n) for t, n in manifest["counts"].items() if state["counts"].get(t) != n}
    if differ or set(state["counts"]) != set(manifest["counts"]):
        raise RestoreRefused(f"row counts differ from the manifest (restored, recorded): {differ}")
    report = audit_verify()
    if not report.intact or report.checked != manifest["audit_head"]["seq"]:
        raise RestoreRefused(f"the restored audit chain does not verify: {report.breaks[:3]}")
    if not keys.ok:
        raise RestoreRefused(
            "restored personal data cannot be read with the configured keys: "
            + ", ".join(keys.unreadable + keys.hash_mismatches)
        )


def _move_into_place(staged: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)  # empty (checked before): at most the store's lock files
    os.replace(staged, target)
