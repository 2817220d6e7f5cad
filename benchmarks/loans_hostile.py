"""Hostile loan workbooks: how long a refusal takes and how much memory it costs.

    .venv/bin/python benchmarks/loans_hostile.py [--against DIR] [--rounds 3] [--limit-mb 3072]

Each case runs ``finsup.loans.ingest.ingest_file`` in a fresh worker process (test settings, a
throwaway store); the worker reports the best wall time of ``--repeat`` calls and its peak resident memory
(VmHWM) before and after the call. ``--against`` names another checkout's ``src`` (e.g. the code
before the caps): the two are then interleaved, case by case and round by round (this, other;
other, this; …), and the table gives the median over ``--rounds`` with the load average after each
run. ``--limit-mb`` caps each worker's address space so a reader that blows up fails instead of
taking the machine.

  wide      a 16,384-column header and 200 data rows as wide (tests/loans/hostile_files.py)
  bomb      a workbook whose sheet unpacks to 512 MB (a few hundred KB zipped)
  normal    a contract workbook of 10,000 valid loans (the cost of the checks on a good file)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsup.config.settings.test")
import django
django.setup()
from finsup.loans.ingest import ingest_file
path, store = sys.argv[1], sys.argv[2]
def hwm():  # this process's peak resident memory in MB (ru_maxrss would include the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
before = hwm()
times = []
for attempt in range(int(sys.argv[3])):  # the best of a few: the machine is shared
    started = time.perf_counter()
    try:
        report = ingest_file(path, store_dir=f"{store}-{attempt}")
        outcome = "accepted" if report.accepted else "rejected rows"
    except Exception as exc:
        outcome = f"{type(exc).__name__}: {getattr(exc, 'code', '')} {str(exc)[:80]}"
    times.append(time.perf_counter() - started)
seconds = min(times)
found = {"seconds": seconds, "first": times[0], "rss_before_mb": before, "rss_peak_mb": hwm()}
print(json.dumps({**found, "outcome": outcome}))
"""


def build(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from finsup.loans.ingest import INPUT_COLUMNS
    from tests.loans import hostile_files as hostile
    from tests.loans.factories import make_rows

    rows = make_rows(10_000, companies=1)
    return {
        "wide": hostile.wide_workbook(folder / "wide.xlsx", columns=16_384, data_rows=200),
        "bomb": hostile.zip_bomb_workbook(folder / "bomb.xlsx", unpacked=512 * 1024 * 1024),
        "normal": hostile.workbook(
            folder / "normal.xlsx", [list(INPUT_COLUMNS), *[[r[c] for c in INPUT_COLUMNS] for r in rows]]
        ),
    }


def run(path: Path, store: Path, src: str | None, limit_mb: int, repeat: int) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "finsup.config.settings.test"}
    if src:
        env["PYTHONPATH"] = src
    command = [sys.executable, "-c", WORKER, str(path), str(store), str(repeat)]
    if limit_mb:
        command = ["prlimit", f"--as={limit_mb * 1024 * 1024}", *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        missing = dict.fromkeys(("seconds", "first", "rss_before_mb", "rss_peak_mb"))
        return {**missing, "outcome": f"died: {tail[:80]}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", default=None, help="another checkout's src folder, interleaved with this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit-mb", type=int, default=3072)
    parser.add_argument("--only", default="wide,bomb,normal")
    parser.add_argument("--repeat", type=int, default=3, help="calls per case in one worker (best time)")
    args = parser.parse_args()
    arms = [("this checkout", None)] + ([(args.against, args.against)] if args.against else [])
    cases = args.only.split(",")
    found: dict[tuple[str, str], list[dict]] = {(c, a): [] for c in cases for a, _src in arms}
    loads = []
    with tempfile.TemporaryDirectory(prefix="finsup-hostile-") as tmp:
        files = build(Path(tmp))
        for i in range(args.rounds):
            for name in cases:
                for arm, src in arms if i % 2 == 0 else arms[::-1]:
                    store = Path(tmp) / f"store-{name}-{len(loads)}"
                    found[(name, arm)].append(run(files[name], store, src, args.limit_mb, args.repeat))
                    loads.append(os.getloadavg()[0])
        print(f"{args.rounds} rounds, medians; load average after each run: {' / '.join(f'{x:.2f}' for x in loads)}")
        print()
        print("| case | code | file size | best time (s) | first call (s) | peak RSS before → after (MB) | outcome |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name in cases:
            for arm, _src in arms:
                runs = found[(name, arm)]
                timed = [m for m in runs if m["seconds"] is not None]
                seconds = "— | —"
                if timed:
                    best = statistics.median(m["seconds"] for m in timed)
                    seconds = f"{best:.3f} | {statistics.median(m['first'] for m in timed):.3f}"
                rss = "—"
                if timed:
                    rss = f"{max(m['rss_before_mb'] for m in timed):.0f} → {max(m['rss_peak_mb'] for m in timed):.0f}"
                size = files[name].stat().st_size / 1024
                print(f"| {name} | {arm} | {size:.0f} KB | {seconds} | {rss} | {runs[-1]['outcome']} |")


if __name__ == "__main__":
    main()
