"""The backup archive: one tar of regular files (database/, store/, media/, anchor/) with a
manifest that lists the SHA-256 of every member, and the manifest's HMAC under a key derived from
the lookup key, so that neither a member nor the manifest can be changed unnoticed by anyone who
does not hold the keys.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .files import HashingReader

MANIFEST, MANIFEST_MAC = "manifest.json", "manifest.hmac"
PARTS = ("database", "store", "media", "anchor")
FORMAT, VERSION = "finsup-backup", 1


class ArchiveRefused(Exception):
    pass


def manifest_mac(data: bytes, lookup_key: str) -> str:
    key = hmac.new(lookup_key.encode(), b"finsup backup manifest", hashlib.sha256).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def files_under(root: Path, *, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, Path]]:
    """(relative POSIX name, path) of every regular file under ``root``, sorted; symbolic links and
    top-level entries named in ``skip`` (or starting with one of them) are left out."""
    root = Path(root)
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if not d.startswith(skip)] if skip else dirnames
            filenames = [f for f in filenames if not f.startswith(skip)] if skip else filenames
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


class Writer:
    """Adds files to an open binary stream as tar members, hashing each as it is written."""

    def __init__(self, fh):
        self.tar = tarfile.open(fileobj=fh, mode="w", format=tarfile.PAX_FORMAT)
        self.members: dict[str, dict] = {}

    def add_file(self, name: str, path: Path) -> None:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = size, 0o600, int(os.fstat(fh.fileno()).st_mtime)
            reader = HashingReader(fh)
            self.tar.addfile(info, reader)
        self.members[name] = {"size": size, "sha256": reader.digest.hexdigest()}

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
        self.tar.addfile(info, io.BytesIO(data))

    def close(self) -> None:
        self.tar.close()


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise ArchiveRefused(f"unsafe member name {name!r}")
    if name not in (MANIFEST, MANIFEST_MAC) and path.parts[0] not in PARTS:
        raise ArchiveRefused(f"unexpected member {name!r}")
    return name


class Reader:
    """Reads and checks an archive: only regular files with safe names, the manifest's HMAC, and
    exactly the members the manifest lists with their sizes and hashes."""

    def __init__(self, path: Path):
        try:
            self.tar = tarfile.open(path, mode="r:*")
            members = self.tar.getmembers()
        except (OSError, tarfile.TarError) as exc:
            raise ArchiveRefused(f"{path} is not a readable backup archive: {exc}") from exc
        self.members = {}
        for m in members:
            if not m.isfile():
                raise ArchiveRefused(f"member {m.name!r} is not a regular file")
            if m.name in self.members:
                raise ArchiveRefused(f"member {m.name!r} appears twice")
            self.members[_safe_name(m.name)] = m
        if MANIFEST not in self.members or MANIFEST_MAC not in self.members:
            raise ArchiveRefused("the archive has no manifest: not a finsup backup")
        self.manifest_bytes = self._read(MANIFEST)
        try:
            self.manifest = json.loads(self.manifest_bytes)
        except ValueError as exc:
            raise ArchiveRefused("the manifest is not valid JSON") from exc
        if (self.manifest.get("format"), self.manifest.get("version")) != (FORMAT, VERSION):
            raise ArchiveRefused("not a finsup backup of a known version")

    def _read(self, name: str) -> bytes:
        return self.tar.extractfile(self.members[name]).read()

    def check_mac(self, lookup_key: str) -> None:
        given = self._read(MANIFEST_MAC).decode().strip()
        if not hmac.compare_digest(given, manifest_mac(self.manifest_bytes, lookup_key)):
            raise ArchiveRefused("the manifest was altered (its HMAC does not match)")
        listed = set(self.manifest["members"])
        present = set(self.members) - {MANIFEST, MANIFEST_MAC}
        if listed != present:
            extra, missing = sorted(present - listed), sorted(listed - present)
            raise ArchiveRefused(f"members not as the manifest lists them: extra {extra}, missing {missing}")

    def read_member(self, name: str) -> bytes:
        return self._read(name)

    def extract(self, part: str, target: Path) -> int:
        """Writes the members of ``part`` under ``target``, checking each one's size and hash as it
        is written. Returns the number of files."""
        count = 0
        for name, member in self.members.items():
            if not name.startswith(part + "/"):
                continue
            expected = self.manifest["members"][name]
            dest = target / PurePosixPath(name).relative_to(part)
            dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            source = self.tar.extractfile(member)
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size != expected["size"] or not hmac.compare_digest(digest.hexdigest(), expected["sha256"]):
                raise ArchiveRefused(f"member {name} does not match its checksum in the manifest")
            count += 1
        return count

    def close(self) -> None:
        self.tar.close()
