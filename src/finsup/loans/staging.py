"""How a batch's Parquet files reach the store so that a crash at any point leaves either nothing
or a complete, recorded batch.

1. ``_write`` (ingest.py) writes the files into a private folder ``<store>/.staging/<batch id>-<r>/``
   (the readers' glob, ``<store>/loans/**/*.parquet``, never sees it).
2. ``seal`` writes the folder's manifest (staged file → place in the store) atomically: a folder
   without a manifest is an interrupted write and only ever deleted.
3. The feed service records the batch in the database (one transaction): that commit is the one
   atomic step that decides the batch exists.
4. ``publish`` moves the files into the store (``os.replace``, each atomic) and deletes the folder.

Recovery (``recover``, run by `finsup loans sweep` and at the start of every ingestion): a folder
without a manifest is deleted; a sealed folder whose batch is recorded as accepted is published
(roll forward: its files join the store); a sealed folder of a batch that was never recorded is
deleted (roll back). It runs only when no ingestion holds the store (an exclusive, non-blocking
try of the store lock), so a folder being written is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

MANIFEST = "manifest.json"


def staging_root(store: Path) -> Path:
    return Path(store) / ".staging"


def begin(store: Path, batch_id: str) -> Path:
    folder = staging_root(store) / f"{batch_id}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True, mode=0o700)
    return folder


def seal(folder: Path, batch_id: str, moves: list[tuple[str, str]]) -> None:
    """Records where each staged file goes (names relative to the folder and to the store)."""
    tmp = folder / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"batch_id": batch_id, "moves": moves}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / MANIFEST)


def manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def publish(store: Path, folder: Path) -> tuple[str, ...]:
    """Moves the sealed folder's files into the store and deletes the folder. Idempotent: a file
    already moved (a publish cut short) is skipped."""
    sealed = manifest(folder)
    if sealed is None:
        raise ValueError(f"{folder} is not sealed")
    for name, relative in sealed["moves"]:
        source, target = folder / name, Path(store) / relative
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    discard(folder)
    return tuple(relative for _, relative in sealed["moves"])


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def recover(store: Path, is_recorded: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    """Finishes or rolls back what a killed ingestion left in the staging folders (the caller holds
    the store exclusively). Returns the batch ids published and the folders deleted."""
    root = staging_root(store)
    published, deleted = [], []
    if not root.is_dir():
        return published, deleted
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        sealed = manifest(folder)
        if sealed is not None and is_recorded(sealed["batch_id"]):
            publish(store, folder)
            published.append(sealed["batch_id"])
        else:
            discard(folder)
            deleted.append(folder.name)
    return published, deleted
