"""The audit chain: SHA-256 against SM3, and what anchoring costs, in the same run.

  write      100,000 entries through `audit_record()` inside `audit_batch()` (as bulk work does),
             once with FINSUP_AUDIT_HASH=sha256 and once with sm3, each into an empty chain;
             and 1,000 single `audit_record()` calls of each (one transaction each)
  verify     `audit_verify()` over each chain of 100,000 (without and with one checkpoint)
  anchor     `audit_anchor()`: the first checkpoint (walks the whole chain) and a later one
             (walks only what was written since)
  anchor file  `audit_verify()`'s reading of a year of checkpoints every 10 minutes (52,560
             lines), signed with Ed25519 and with SM2 (links checked on every line, the last
             signature checked)

The two algorithm pairs are interleaved: round after round (`--rounds`, 3), each pair once, in
a fresh worker process on an emptied chain (sha256 sm3, sm3 sha256, …); the table gives the
median of each measure (read-only measures: the best of 3 within a run) and the 1-minute load
average after each run.

Usage:

    .venv/bin/python benchmarks/audit.py --primitives          # the algorithms alone (seconds)
    .venv/bin/python benchmarks/audit.py                       # SQLite in a temporary directory
    .venv/bin/python benchmarks/audit.py --postgres postgres://postgres@127.0.0.1:5432/finsup_bench_audit

The PostgreSQL database named is created, used and dropped (it must not exist). Results:
benchmarks/results/audit-<engine>.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratch import scratch_database

HERE = Path(__file__).resolve().parent
ENTRIES = 100_000
SINGLE = 1_000
YEAR_OF_LINES = 6 * 24 * 365


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def best_of(n, fn):
    """The fastest of n runs: the machine is shared, and a read-only measure can be repeated."""
    return min((timed(fn) for _ in range(n)), key=lambda run: run[0])


def primitives() -> None:
    """The algorithms alone, on an entry-sized payload: what the chain's and the anchor's costs
    are made of. Results: benchmarks/results/audit-primitives.md."""
    import hashlib

    from finsup.audit import algorithms

    payload = ("x" * 600).encode()
    key = "dGVzdC1vbmx5LWF1ZGl0LXNpZ25pbmcta2V5LTAwMDA="

    def per_op(fn, n):
        seconds, _ = best_of(3, lambda: [fn() for _ in range(n)])
        return f"{seconds / n * 1e6:,.1f} µs"

    available = hashlib.algorithms_available
    rows = [
        ("SHA-256 (hashlib), 600 bytes", per_op(lambda: algorithms.digest("sha256", payload), 100_000)),
        ("SM3 (hashlib, OpenSSL), 600 bytes", per_op(lambda: algorithms.digest("sm3", payload), 100_000)),
    ]
    hashlib.algorithms_available = available - {"sm3"}
    try:
        rows.append(("SM3 (gmssl, pure Python), 600 bytes", per_op(lambda: algorithms.digest("sm3", payload), 500)))
    finally:
        hashlib.algorithms_available = available
    for name in ("ed25519", "sm2"):
        signer = algorithms.signer(name, key)
        signature = signer.sign(payload)
        n = 2_000 if name == "ed25519" else 50
        rows.append((f"{name} sign", per_op(lambda signer=signer: signer.sign(payload), n)))
        rows.append(
            (
                f"{name} verify",
                per_op(lambda s=signer, sig=signature, a=name: algorithms.verify(a, s.public_key, payload, sig), n),
            )
        )
    report = "\n".join(
        [
            f"# Audit algorithms alone ({datetime.date.today()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; best of 3)",
            "",
            "| operation | time each |",
            "| --- | --- |",
            *(f"| {label} | {value} |" for label, value in rows),
            "",
        ]
    )
    (HERE / "results" / "audit-primitives.md").write_text(report)
    print(report)


PAIRS = {"sha256": "ed25519", "sm3": "sm2"}
MEASURES = [  # key, label, how a value (seconds) is shown
    ("write", f"write {ENTRIES:,} entries in one audit_batch()", lambda s: f"{ENTRIES / s:,.0f} entries/s ({s:.1f} s)"),
    ("single", "one audit_record() in its own transaction", lambda s: f"{s / SINGLE * 1000:.2f} ms"),
    ("verify", f"audit_verify() of {ENTRIES:,} entries, no checkpoint", lambda s: f"{s:.2f} s"),
    ("anchor_first", f"first audit_anchor() (walks all {ENTRIES:,})", lambda s: f"{s * 1000:.0f} ms"),
    ("anchor_later", f"later audit_anchor() ({SINGLE:,} entries since, incl. fsync)", lambda s: f"{s * 1000:.1f} ms"),
    (
        "verify_anchored",
        f"audit_verify() of {ENTRIES + SINGLE:,} entries against 2 checkpoints",
        lambda s: f"{s:.2f} s",
    ),
    (
        "year_of_lines",
        f"read and check {YEAR_OF_LINES:,} checkpoint lines (a year every 10 min)",
        lambda s: f"{s:.2f} s",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database is created and dropped")
    parser.add_argument("--primitives", action="store_true", help="only the algorithms, no database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", choices=list(PAIRS), help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.primitives:
        primitives()
        return
    if args.worker:
        print(json.dumps(run(Path(args.tmp), args.worker)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="finsup-bench-audit-"))
    results: dict[str, list[dict]] = {name: [] for name in PAIRS}
    loads = []
    with scratch_database(args.postgres, tmp) as engine:
        for i in range(args.rounds):
            for algorithm in list(PAIRS) if i % 2 == 0 else list(PAIRS)[::-1]:
                command = [sys.executable, __file__, "--worker", algorithm, "--tmp", str(tmp / f"{algorithm}-{i}")]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    sys.stderr.write(done.stdout + done.stderr)
                    raise SystemExit(f"worker {algorithm} failed")
                results[algorithm].append(json.loads(done.stdout.strip().splitlines()[-1]))
                loads.append(os.getloadavg()[0])
                print(f"  round {i + 1} {algorithm}: load {loads[-1]:.2f}", flush=True)
    rows = [
        (label, *(show(statistics.median(r[key] for r in results[a])) for a in PAIRS)) for key, label, show in MEASURES
    ]
    report = "\n".join(
        [
            f"# Audit chain, {engine} ({datetime.date.today()}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()})",
            "",
            f"{args.rounds} rounds, the two pairs interleaved, each run in a fresh process on an emptied chain; "
            f"medians (read-only measures: the best of 3 within a run). Load average after each run: "
            f"{' / '.join(f'{x:.2f}' for x in loads)}.",
            "",
            "| measure | sha256 / ed25519 | sm3 / sm2 |",
            "| --- | --- | --- |",
            *(f"| {label} | {a} | {b} |" for label, a, b in rows),
            "",
        ]
    )
    out = HERE / "results" / f"audit-{engine}.md"
    out.write_text(report)
    print(report)


def run(tmp: Path, algorithm: str) -> dict[str, float]:
    """One pair's measures, in seconds, on an emptied chain (a worker process)."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from finsup.audit import anchoring, guards
    from finsup.audit.services import audit_batch, audit_record, audit_verify
    from finsup.core.request_context import Actor, acting_as

    call_command("migrate", "-v0")
    settings.FINSUP_AUDIT_HASH, settings.FINSUP_AUDIT_SIGNATURE = algorithm, PAIRS[algorithm]
    settings.FINSUP_AUDIT_ANCHOR_DIR = tmp / "anchors"
    guards.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_audithead")
    guards.install(connection)
    r: dict[str, float] = {}

    def write_batch():
        with acting_as(Actor(label="bench", address="10.0.0.7", channel="command")), audit_batch():
            for i in range(ENTRIES):
                audit_record(
                    action="update",
                    object_type="reporting.submission",
                    object_id=str(i),
                    object_repr=f"临沂市测试{i}号小额贷款有限公司 2026年10月",
                    office_path="371300/371302",
                    changes={"status": ["submitted", "accepted"], "amount": ["1.00", f"{i}.00"]},
                )

    r["write"], _ = timed(write_batch)
    r["verify"], report = best_of(3, lambda: audit_verify(anchors=False))
    assert report.intact and report.checked == ENTRIES
    r["anchor_first"], first = timed(anchoring.audit_anchor)
    assert first.written

    def single():
        with acting_as(Actor(label="bench", address="10.0.0.7", channel="web")):
            for i in range(SINGLE):
                audit_record(action="create", object_type="test.thing", object_id=str(i), object_repr="thing")

    r["single"], _ = timed(single)
    r["anchor_later"], later = timed(anchoring.audit_anchor)
    assert later.written
    r["verify_anchored"], report = best_of(3, audit_verify)
    assert report.intact and report.anchors.checkpoints == 2

    # A year of checkpoints: lines linked and signed as audit_anchor writes them.
    lines, previous = [], None
    at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    signer = anchoring._signer()
    for n in range(YEAR_OF_LINES - 1):
        previous = _unsigned(n, algorithm, signer, at, previous)
        lines.append(previous)
    lines.append(
        anchoring.signed_line(seq=YEAR_OF_LINES, entry_hash="f" * 64, algorithm=algorithm, at=at, prev_line=previous)
    )
    r["year_of_lines"], (checkpoints, breaks) = best_of(
        3, lambda lines=lines: anchoring.read_lines(lines, "file", linked=True)
    )
    assert len(checkpoints) == YEAR_OF_LINES and not breaks
    return r


def _unsigned(n, algorithm, signer, at, previous):
    """A linked line signed with a placeholder: only the last line's signature is checked when
    the links hold, which is what is measured (signing 52,560 SM2 lines would take minutes)."""
    import json

    from finsup.audit import algorithms

    body = {
        "v": 1,
        "seq": n + 1,
        "entry_hash": f"{n:064x}",
        "algorithm": algorithm,
        "at": at.isoformat(),
        "prev": algorithms.digest(algorithm, previous.encode()) if previous else "0" * 64,
        "prev_algorithm": algorithm,  # as settings.FINSUP_AUDIT_HASH during the run
        "signature_algorithm": signer.algorithm,
        "public_key": signer.public_key,
        "signature": "00",
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    main()
