"""Signed checkpoints of the chain's head, kept outside the database (docs/audit.md).

Whoever owns the audit table can bypass its triggers, rewrite an entry and re-hash every later
one, or cut the last entries and move the head back: the chain alone still verifies. A checkpoint
written earlier (sequence number, hash, time; signed; each line linked to the line before it)
cannot be made to agree: `audit_verify()` compares every checkpoint with the chain.

A line: {"v": 1, "seq", "entry_hash", "algorithm" (the entry's hash), "at", "prev" (hash of the
previous line, GENESIS for the first), "prev_algorithm", "signature_algorithm", "public_key",
"signature" (over the canonical JSON of every other field)}."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from . import algorithms
from .anchor_sinks import AnchorSinkError, FileSink, HttpNotarySink, Rfc3161Sink
from .chain import GENESIS
from .models import AuditEntry, AuditHead
from .verification import AnchorSummary, ChainBreak, walk


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    entry_hash: str
    at: str
    where: str  # "file line 12", "notary line 3"


@dataclass
class AnchorResult:
    seq: int
    entry_hash: str
    written: bool
    line: str = ""
    sink_errors: tuple[str, ...] = ()


class AnchorRefused(Exception):
    """The chain (or the anchor file) is already broken: anchoring it would bless the damage."""

    def __init__(self, breaks: list[ChainBreak]):
        self.breaks = breaks
        super().__init__(f"{len(breaks)} break(s)")


def _canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _signer() -> algorithms.Signer:
    return algorithms.signer(settings.FINSUP_AUDIT_SIGNATURE, settings.FINSUP_AUDIT_SIGNING_KEY)


def public_key() -> str:
    """The signing key's public half as FINSUP_AUDIT_TRUSTED_KEYS lists it ("ed25519:<hex>")."""
    current = _signer()
    return f"{current.algorithm}:{current.public_key}"


def _trusted_keys() -> set[str]:
    """The current key's public half and the earlier ones listed. Without a usable current key
    (it is checked where it signs) only the listed ones count."""
    try:
        current = {public_key()}
    except ValueError:
        current = set()
    return current | set(settings.FINSUP_AUDIT_TRUSTED_KEYS)


def file_sink() -> FileSink:
    return FileSink(settings.FINSUP_AUDIT_ANCHOR_DIR)


def other_sinks() -> list:
    sinks = []
    if settings.FINSUP_AUDIT_NOTARY_URL:
        sinks.append(HttpNotarySink(settings.FINSUP_AUDIT_NOTARY_URL, token=settings.FINSUP_AUDIT_NOTARY_TOKEN))
    if settings.FINSUP_AUDIT_TSA_URL:
        receipts = settings.FINSUP_AUDIT_ANCHOR_DIR / "timestamps"
        sinks.append(
            Rfc3161Sink(settings.FINSUP_AUDIT_TSA_URL, receipts=receipts, algorithm=settings.FINSUP_AUDIT_HASH)
        )
    return sinks


def signed_line(*, seq: int, entry_hash: str, algorithm: str, at: datetime.datetime, prev_line: str | None) -> str:
    signer = _signer()
    prev_algorithm = settings.FINSUP_AUDIT_HASH
    body = {
        "v": 1,
        "seq": seq,
        "entry_hash": entry_hash,
        "algorithm": algorithm,
        "at": at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "prev": algorithms.digest(prev_algorithm, prev_line.encode()) if prev_line else GENESIS,
        "prev_algorithm": prev_algorithm,
        "signature_algorithm": signer.algorithm,
        "public_key": signer.public_key,
    }
    return _canonical({**body, "signature": signer.sign(_canonical(body).encode())})


def read_lines(lines: list[str], sink: str, *, linked: bool, skip: set[str] = frozenset()):
    """The checkpoints of one sink and what is wrong with its lines. `linked`: the lines form one
    chain (the file; a notary may have missed a line while unreachable). Each line is signed; with
    the lines linked, the last line's signature covers all before it, so only the last is checked
    (a slow signature such as gmssl's SM2 stays cheap) unless it fails, then every line is."""
    trusted, checkpoints, breaks, parsed = _trusted_keys() if lines else set(), [], [], []
    for number, raw in enumerate(lines, 1):
        where = f"{sink} line {number}"
        if raw in skip:  # the same line as another sink's, already counted and checked there
            parsed.append(None)
            continue
        try:
            data = json.loads(raw)
            int(data["seq"]), str(data["entry_hash"]), str(data["signature"])
        except (ValueError, KeyError, TypeError):
            breaks.append(ChainBreak(0, "anchor", detail=f"{where} is not a checkpoint"))
            parsed.append(None)
            continue
        parsed.append(data)
        if linked:
            previous = lines[number - 2] if number > 1 else None
            try:
                expected = algorithms.digest(data.get("prev_algorithm", ""), previous.encode()) if previous else GENESIS
            except algorithms.UnknownAlgorithm:
                expected = None
            if data.get("prev") != expected:
                detail = f"{where}: the line before it was altered or removed"
                breaks.append(ChainBreak(data["seq"], "anchor", detail=detail))
        if f"{data.get('signature_algorithm')}:{data.get('public_key')}" not in trusted:
            breaks.append(ChainBreak(data["seq"], "anchor", detail=f"{where} is signed by a key that is not trusted"))
            parsed[-1] = None
            continue
        checkpoints.append(Checkpoint(int(data["seq"]), data["entry_hash"], str(data.get("at", "")), where))
    to_check = [i for i, d in enumerate(parsed) if d is not None]
    if linked and to_check and not breaks and _signature_holds(parsed[to_check[-1]]):
        to_check = []
    for i in to_check:
        if not _signature_holds(parsed[i]):
            seq = parsed[i]["seq"]
            detail = f"{sink} line {i + 1}: the signature does not match (the checkpoint was altered)"
            breaks.append(ChainBreak(seq, "anchor", detail=detail))
    for before, after in zip(checkpoints, checkpoints[1:], strict=False):
        if after.seq < before.seq:
            breaks.append(ChainBreak(after.seq, "anchor", detail=f"{after.where} goes back before {before.where}"))
    return checkpoints, breaks


def _signature_holds(data: dict) -> bool:
    body = _canonical({k: v for k, v in data.items() if k != "signature"}).encode()
    try:
        return algorithms.verify(data["signature_algorithm"], data["public_key"], body, data["signature"])
    except (algorithms.UnknownAlgorithm, KeyError, TypeError):
        return False


def audit_anchor(*, now: datetime.datetime | None = None, despite_breaks: bool = False) -> AnchorResult:
    """Write a checkpoint of the current head (cron, e.g. every 10 minutes). First the anchor file
    and the chain since its last checkpoint are checked, so damage is never anchored; nothing is
    written when the head has not moved. The file is written first; a notary that cannot be
    reached is reported in `sink_errors` (the next run sends it the next checkpoint).

    `despite_breaks`: anchor a chain with breaks an operator has investigated (e.g. entries a
    defect once stored differently from their hash): verify goes on reporting them, and later
    checkpoints vouch for the chain from this one on. A damaged anchor file is never overridden."""
    sink = file_sink()
    with sink.locked():
        lines = sink.read()
        checkpoints, file_breaks = read_lines(lines, "file", linked=True)
        if file_breaks:
            raise AnchorRefused(file_breaks)
        head = AuditHead.objects.filter(id=1).first()
        if head is None or head.seq == 0:
            return AnchorResult(0, GENESIS, written=False)
        breaks = []
        last = checkpoints[-1] if checkpoints else None
        start = last.seq if last else 1
        entries = AuditEntry.objects.filter(seq__gte=start, seq__lte=head.seq).order_by("seq")
        anchored = {last.seq: [last]} if last else None
        result = walk(
            entries.iterator(chunk_size=5000),
            prev_hash=_prev_hash_of(start),
            expected_seq=start,
            anchored=anchored,
        )
        breaks += result.breaks
        if last and last.seq not in result.seen_anchored:
            breaks.append(ChainBreak(last.seq, "anchor", detail=f"entry #{last.seq} of {last.where} is gone"))
        if result.last_seq != head.seq or result.last_hash != head.entry_hash:
            breaks.append(ChainBreak(head.seq, "head"))
        if breaks and not (despite_breaks and all(b.reason in ("content", "link", "missing") for b in breaks)):
            raise AnchorRefused(breaks)
        if last and last.seq == head.seq:
            return AnchorResult(head.seq, head.entry_hash, written=False)
        algorithm = AuditEntry.objects.filter(seq=head.seq).values_list("algorithm", flat=True).first()
        line = signed_line(
            seq=head.seq,
            entry_hash=head.entry_hash,
            algorithm=algorithm,
            at=now or timezone.now(),
            prev_line=lines[-1] if lines else None,
        )
        sink.append(line)
    errors = []
    for other in other_sinks():
        try:
            other.append(line)
        except AnchorSinkError as exc:
            errors.append(str(exc))
    return AnchorResult(head.seq, head.entry_hash, written=True, line=line, sink_errors=tuple(errors))


def _prev_hash_of(seq: int) -> str:
    """The stored previous hash of entry #seq, to start a walk there (its link is not in question:
    the checkpoint vouches for the entry's own hash, which covers it)."""
    if seq <= 1:
        return GENESIS
    return AuditEntry.objects.filter(seq=seq).values_list("prev_hash", flat=True).first() or GENESIS


@dataclass
class AnchorState:
    """Every checkpoint readable, by sequence number, for `audit_verify()`."""

    by_seq: dict[int, list[Checkpoint]]
    breaks: list[ChainBreak]
    summary: AnchorSummary


def anchor_state() -> AnchorState:
    sink = file_sink()
    file_lines = sink.read()
    checkpoints, breaks = read_lines(file_lines, "file", linked=True)
    summary = AnchorSummary(sinks=[str(sink)])
    for other in other_sinks():
        try:
            lines = other.read()
        except AnchorSinkError as exc:
            breaks.append(ChainBreak(0, "anchor", detail=str(exc)))
            continue
        if lines is not None:  # a timestamping authority keeps no lines to give back
            summary.sinks.append(str(other))
            more, more_breaks = read_lines(lines, other.name, linked=False, skip=set(file_lines))
            checkpoints += more
            breaks += more_breaks
    by_seq: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        by_seq.setdefault(checkpoint.seq, []).append(checkpoint)
    if checkpoints:
        latest = max(checkpoints, key=lambda c: c.seq)
        summary.checkpoints, summary.last_seq, summary.last_at = len(checkpoints), latest.seq, latest.at
    return AnchorState(by_seq, breaks, summary)


def anchor_gaps(state: AnchorState, *, walked_to: int, now: datetime.datetime) -> tuple[list[ChainBreak], list[str]]:
    """What the chain's end says against the checkpoints: anchored entries cut off (a break), and
    entries left unanchored longer than FINSUP_AUDIT_ANCHOR_MAX_AGE (a warning, or a break where
    anchoring is required, as in production)."""
    breaks, warnings = [], []
    last = state.summary.last_seq
    if last > walked_to:
        (checkpoint, *_) = state.by_seq[last]
        breaks.append(
            ChainBreak(
                walked_to + 1,
                "anchor",
                to_seq=last,
                detail=f"the chain ends at #{walked_to}, but #{last} was anchored on {checkpoint.at} "
                f"({checkpoint.where}): its last entries were cut",
            )
        )
    limit = now - datetime.timedelta(seconds=settings.FINSUP_AUDIT_ANCHOR_MAX_AGE)
    oldest = AuditEntry.objects.filter(seq__gt=last).order_by("seq").values_list("seq", "at").first()
    if oldest and oldest[1] < limit:
        if state.summary.checkpoints:
            message = (
                f"entries from #{oldest[0]} ({oldest[1]:%Y-%m-%d %H:%M} UTC) on are not anchored after "
                f"{settings.FINSUP_AUDIT_ANCHOR_MAX_AGE} s: is `finsup audit anchor` running from cron?"
            )
        else:
            message = (
                f"no checkpoint at all in {state.summary.sinks[0]}, though entry #{oldest[0]} dates from "
                f"{oldest[1]:%Y-%m-%d %H:%M} UTC: the anchor file is missing, or anchoring never ran"
            )
        if settings.FINSUP_AUDIT_ANCHOR_REQUIRED:
            breaks.append(ChainBreak(oldest[0], "anchor", detail=message))
        else:
            warnings.append(message)
    return breaks, warnings
