"""The hash of an audit entry: SHA-256 (or SM3) over a canonical JSON of its content and the
previous hash.

The entry's algorithm is stored with it. An SM3 entry's payload names its algorithm; a SHA-256
entry's does not, so that every entry written before the choice existed keeps its hash."""

import json
from datetime import UTC, datetime

from .algorithms import digest

GENESIS = "0" * 64


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_digest(
    *,
    seq,
    at,
    actor_id,
    actor_label,
    address,
    channel,
    action,
    object_type,
    object_id,
    object_repr,
    office_path,
    changes,
    prev_hash,
    subject="",
    algorithm="sha256",
) -> str:
    payload = {
        "seq": seq,
        "at": canonical_time(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "address": address,
        "channel": channel,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr,
        "office_path": office_path,
        "subject": subject,
        "changes": changes,
        "prev_hash": prev_hash,
    }
    if algorithm != "sha256":
        payload["algorithm"] = algorithm
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return digest(algorithm, text.encode())


def digest_of(entry) -> str:
    return entry_digest(
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        address=entry.address,
        channel=entry.channel,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        office_path=entry.office_path,
        changes=entry.changes,
        prev_hash=entry.prev_hash,
        subject=entry.subject,
        algorithm=entry.algorithm,
    )
