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


class Rfc3161Sink:
    """A timestamping authority (RFC 3161): each checkpoint line's hash is sent as a TimeStampReq
    (`application/timestamp-query`), and the authority's signed answer is kept next to the anchor
    file as `timestamps/<seq>.tsr`. It proves that the line existed at that time, signed by a
    third party; check one with
    `openssl ts -verify -data <the line> -in timestamps/<seq>.tsr -CAfile <the authority's CA>`.
    It cannot give lines back (`read()` is None): the file and the notary are what verify reads."""

    name = "tsa"

    def __init__(self, url: str, *, receipts: Path, algorithm: str = "sha256", timeout: float = 10.0):
        self.url, self.receipts, self.algorithm, self.timeout = url, Path(receipts), algorithm, timeout

    def __str__(self) -> str:
        return self.url

    def read(self) -> None:
        return None

    def append(self, line: str) -> None:
        from .algorithms import digest

        imprint = bytes.fromhex(digest(self.algorithm, line.encode()))
        nonce = int.from_bytes(os.urandom(8), "big") | 1
        request = urllib.request.Request(
            self.url,
            data=timestamp_query(imprint, self.algorithm, nonce),
            method="POST",
            headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the configured URL)
                answer = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise AnchorSinkError(f"the timestamping authority at {self.url} did not answer: {exc}") from exc
        status = _der_status(answer)
        # The token must be about this line and this request (it quotes both inside its signed part).
        if status not in (0, 1) or imprint not in answer or _der_int(nonce) not in answer:
            raise AnchorSinkError(f"the timestamping authority at {self.url} refused the checkpoint (status {status})")
        seq = json.loads(line)["seq"]
        self.receipts.mkdir(parents=True, exist_ok=True, mode=0o750)
        fd = os.open(self.receipts / f"{seq:012d}.tsr", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        try:
            os.write(fd, answer)
            os.fsync(fd)
        finally:
            os.close(fd)


# A few lines of DER (X.690) for the one request RFC 3161 needs, rather than an ASN.1 library.
_HASH_OIDS = {"sha256": "2.16.840.1.101.3.4.2.1", "sm3": "1.2.156.10197.1.401"}


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    length = (
        bytes([n]) if n < 128 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8)
    )
    return bytes([tag]) + length + body


def _der_int(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=False))


def _der_oid(dotted: str) -> bytes:
    first, second, *rest = (int(x) for x in dotted.split("."))
    body = bytearray([40 * first + second])
    for arc in rest:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.append(0x80 | (arc & 0x7F))
        body += bytes(reversed(chunk))
    return _der(0x06, bytes(body))


def timestamp_query(imprint: bytes, algorithm: str, nonce: int) -> bytes:
    """TimeStampReq { version 1, messageImprint { algorithm, hash }, nonce, certReq TRUE }."""
    algorithm_id = _der(0x30, _der_oid(_HASH_OIDS[algorithm]) + b"\x05\x00")
    message_imprint = _der(0x30, algorithm_id + _der(0x04, imprint))
    return _der(0x30, _der_int(1) + message_imprint + _der_int(nonce) + _der(0x01, b"\xff"))


def _der_status(answer: bytes) -> int | None:
    """The PKIStatus of a TimeStampResp: SEQUENCE { SEQUENCE { INTEGER status, … }, token }."""

    def header(data: bytes, at: int) -> tuple[int, int, int]:  # tag, start of body, length
        tag, first = data[at], data[at + 1]
        if first < 0x80:
            return tag, at + 2, first
        size = first & 0x7F
        return tag, at + 2 + size, int.from_bytes(data[at + 2 : at + 2 + size], "big")

    try:
        tag, body, _ = header(answer, 0)
        tag_info, info_body, _ = header(answer, body)
        tag_status, status_body, length = header(answer, info_body)
        if (tag, tag_info, tag_status) != (0x30, 0x30, 0x02):
            return None
        return int.from_bytes(answer[status_body : status_body + length], "big")
    except IndexError:
        return None
