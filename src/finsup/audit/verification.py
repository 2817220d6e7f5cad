"""What verifying the audit chain finds, and the walk over entries that both `audit_verify()`
and `audit_anchor()` use."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from .chain import digest_of


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    # "content" (the entry was altered), "link" (its previous hash does not match), "missing",
    # "head" (the head row does not match the last entry), "anchor" (a checkpoint outside the
    # database disagrees with the chain, or is itself damaged; `detail` says how)
    reason: str
    to_seq: int | None = None  # for "missing": the last missing number
    detail: str = ""


@dataclass
class AnchorSummary:
    checkpoints: int = 0  # checkpoints read (every sink), each compared with the chain
    last_seq: int = 0  # the highest anchored sequence number
    last_at: str = ""  # when it was anchored
    sinks: list[str] = dataclasses.field(default_factory=list)


@dataclass
class ChainReport:
    """Every break of the chain, not only the first: a break at one entry (e.g. a defect that once
    stored an entry differently from how it was hashed) must not hide a later forgery. Warnings
    (e.g. entries not yet anchored) do not make the chain broken."""

    checked: int
    breaks: list[ChainBreak] = dataclasses.field(default_factory=list)
    anchors: AnchorSummary = dataclasses.field(default_factory=AnchorSummary)
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def broken_seq(self) -> int | None:
        return self.breaks[0].seq if self.breaks else None

    @property
    def reason(self) -> str:
        return self.breaks[0].reason if self.breaks else ""


@dataclass
class Walk:
    checked: int = 0
    last_seq: int = 0
    last_hash: str = ""
    breaks: list[ChainBreak] = dataclasses.field(default_factory=list)
    seen_anchored: set[int] = dataclasses.field(default_factory=set)


def walk(entries: Iterable, *, prev_hash: str, expected_seq: int, anchored: dict[int, list] | None = None) -> Walk:
    """Judge each entry on its own: its number follows, its link is the previous stored hash, its
    hash is its content's. After a break the walk goes on from the entry's stored hash. An entry
    that was anchored must still have the anchored hash (`anchored`: seq → checkpoints)."""
    result = Walk(last_seq=expected_seq - 1, last_hash=prev_hash)
    anchored = anchored or {}
    for entry in entries:
        result.checked += 1
        if entry.seq != expected_seq:
            result.breaks.append(ChainBreak(expected_seq, "missing", entry.seq - 1))
        if entry.prev_hash != prev_hash:
            result.breaks.append(ChainBreak(entry.seq, "link"))
        if digest_of(entry) != entry.entry_hash:
            result.breaks.append(ChainBreak(entry.seq, "content"))
        for checkpoint in anchored.get(entry.seq, ()):
            result.seen_anchored.add(entry.seq)
            if checkpoint.entry_hash != entry.entry_hash:
                result.breaks.append(
                    ChainBreak(
                        entry.seq,
                        "anchor",
                        detail=f"anchored on {checkpoint.at} ({checkpoint.where}) with hash "
                        f"{checkpoint.entry_hash[:16]}…, the database now holds {entry.entry_hash[:16]}… "
                        "(the chain was rewritten from here or earlier and re-hashed)",
                    )
                )
        prev_hash, expected_seq = entry.entry_hash, entry.seq + 1
        result.last_seq, result.last_hash = entry.seq, entry.entry_hash
    return result
