"""Where the audit chain's checkpoints are kept outside the database.

A sink takes a signed checkpoint line and keeps it; a sink that can give its lines back is read
by `audit_verify()`. The file sink is always there; an external notary is added by settings
(`FINSUP_AUDIT_NOTARY_URL`). Another service (an RFC 3161 timestamping authority, a provincial
notary) is one more class with the same two methods."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol


class AnchorSinkError(Exception):
    pass


class AnchorSink(Protocol):
    name: str

    def append(self, line: str) -> None:
        """Keep one checkpoint line for good; raise AnchorSinkError when it could not be kept."""

    def read(self) -> list[str] | None:
        """Every line kept, oldest first; None when this sink cannot give them back."""


class FileSink:
    """A JSON-lines file opened for appending only and flushed to disk after every line. Keep it
    on other storage than the database (and `chattr +a` it, see docs/audit.md)."""

    name = "file"
    FILENAME = "anchors.jsonl"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / self.FILENAME

    def __str__(self) -> str:
        return str(self.path)

    def read(self) -> list[str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [line for line in text.split("\n") if line]

    def append(self, line: str) -> None:
        if "\n" in line:
            raise AnchorSinkError("a checkpoint is one line")
        created = not self.path.exists()
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o750)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:  # the new file's name must survive a crash too
            dir_fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    @contextlib.contextmanager
    def locked(self):
        """One writer at a time: each line links to the one before it, so two anchor runs at once
        would fork the file."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o750)
        with open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class HttpNotarySink:
    """An external notary over HTTP(S), JSON both ways:
    `POST <url>` with `{"checkpoint": "<line>"}` keeps a line (any 2xx answer);
    `GET <url>` answers `{"checkpoints": ["<line>", …]}`, oldest first (404 or 405: cannot be read).
    `Authorization: Bearer <token>` when a token is configured. A deployment whose notary speaks
    another protocol writes one more small class like this one."""

    name = "notary"

    def __init__(self, url: str, *, token: str = "", timeout: float = 10.0):
        self.url, self.token, self.timeout = url, token, timeout

    def __str__(self) -> str:
        return self.url

    def _request(self, method: str, body: dict | None = None) -> bytes:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the configured URL)
            return response.read()

    def append(self, line: str) -> None:
        try:
            self._request("POST", {"checkpoint": line})
        except (urllib.error.URLError, OSError) as exc:
            raise AnchorSinkError(f"the notary at {self.url} did not keep the checkpoint: {exc}") from exc

    def read(self) -> list[str] | None:
        try:
            answer = json.loads(self._request("GET"))
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 405):
                return None
            raise AnchorSinkError(f"the notary at {self.url} answered {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise AnchorSinkError(f"the notary at {self.url} could not be read: {exc}") from exc
        lines = answer.get("checkpoints") if isinstance(answer, dict) else None
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise AnchorSinkError(f"the notary at {self.url} gave no list of checkpoints")
        return lines
