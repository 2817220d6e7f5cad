"""The spool of uploaded loan files: ``VAR_DIR/loan_uploads/``, mode 0700, each file 0600
(views_upload.PrivateUploadedFile). A file there holds borrowers' ID numbers in clear; the upload
view deletes it in ``finally``, and since a killed worker runs no ``finally``, the sweep
(sweep.py) deletes every spool file older than FINSUP_LOAN_SPOOL_MAX_AGE seconds, and the inbox's
rejected files older than FINSUP_LOAN_REJECTED_MAX_AGE."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings


def upload_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "loan_uploads"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if directory.stat().st_mode & 0o077:  # made by an older release, or under another umask
        os.chmod(directory, 0o700)
    return directory


def spool_sweep(*, max_age: float, now: float | None = None) -> int:
    """Deletes the spool files at least ``max_age`` seconds old. Returns how many."""
    return _remove_older(upload_dir().iterdir(), max_age=max_age, now=now)


def rejected_sweep(inbox: Path, *, max_age: float, now: float | None = None) -> int:
    """Deletes the inbox files set aside as unreadable (``<inbox>/<code>/rejected/``) at least ``max_age``
    seconds old: they may hold ID numbers in clear, and their receipt under ``reports/`` stays."""
    if not inbox.is_dir():
        return 0
    return _remove_older(inbox.glob("*/rejected/*"), max_age=max_age, now=now)


def _remove_older(paths, *, max_age: float, now: float | None) -> int:
    now = time.time() if now is None else now
    removed = 0
    for path in paths:
        try:
            if path.is_file() and now - path.stat().st_mtime >= max_age:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # its upload finished meanwhile
            continue
    return removed
