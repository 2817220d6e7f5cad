"""Files a backup writes: new, private (mode 0600) and complete or absent."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path


class FileExistsRefused(Exception):
    pass


@contextlib.contextmanager
def new_private_file(path: Path) -> Iterator:
    """Yields a binary file to write; on success it appears under ``path`` at once (a temporary
    name, synced, then linked: unlike a rename, a link never replaces a file that appeared
    meanwhile), mode 0600. On failure nothing is left."""
    path = Path(path)
    if path.exists():
        raise FileExistsRefused(f"{path} exists: give a new name")
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise FileExistsRefused(f"{path} exists: give a new name") from exc
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        tmp.unlink(missing_ok=True)


class HashingReader:
    """A file read through once (by tarfile) while its SHA-256 is computed."""

    def __init__(self, fh):
        self.fh, self.digest, self.read_bytes = fh, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        self.read_bytes += len(data)
        return data


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
