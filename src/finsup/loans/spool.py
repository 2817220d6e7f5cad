"""The spool of uploaded loan files: ``VAR_DIR/loan_uploads/``, mode 0700, each file 0600
(views_upload.PrivateUploadedFile). A file there holds borrowers' ID numbers in clear; the upload
view deletes it in ``finally``, and since a killed worker runs no ``finally``, the sweep
(sweep.py) deletes every spool file older than FINSUP_LOAN_SPOOL_MAX_AGE seconds."""

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
    now = time.time() if now is None else now
    removed = 0
    for path in upload_dir().iterdir():
        try:
            if path.is_file() and now - path.stat().st_mtime >= max_age:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # its upload finished meanwhile
            continue
    return removed
