"""Loan-level data at scale: ingestion rows/s, rulebook evaluation time and peak memory, with
the same six rules hand-written in DuckDB SQL, Polars and pandas as baselines in the same run.

    .venv/bin/python benchmarks/loans.py                      # 10 M loans, 500 companies, 2 M borrowers
    .venv/bin/python benchmarks/loans.py --loans 1000000      # a quicker run
    make bench-loans

The data (``loans_data.generate``: valid loans-v1 input, fixed seed, the same on every run) is
written once under ``--workdir`` (default /tmp/finsup-bench-loans) as CSV and typed Parquet and
reused by later runs with the same parameters. Each step runs in a fresh worker process
(``--worker``); the parent takes the child's peak resident memory from ``wait4``. The time is
that of the call measured (imports, Django settings and the rulebook's loading excluded):

  ingest CSV / Parquet   ``finsup.loans.ingest.ingest_file`` on the whole file, the default
                         ``lookup_key_fn`` (the platform's keyed hash, with a benchmark key):
                         read, validate every row, pseudonymise, write the partitioned store;
  floor: copy            DuckDB's own ``COPY`` of the same file into one Parquet file: the read
                         and the write that any ingestion must do (its floor);
  rulebook, 10 rules     ``evaluate_loans`` with every loan rule of ``rules/loans.toml``;
  rulebook, 6 rules      the same with only the six benchmark rules (``loans_baselines.SIX_RULES``);
  DuckDB / Polars /      the six rules hand-written (``loans_baselines``), over the store that
  pandas, 6 rules        the Parquet ingestion wrote; their per-company results must equal the
                         rulebook's (counts exactly, ratios to 6 decimals) or the run fails.

The steps run in ``--repeat`` interleaved rounds (each round runs every step once, in the order
above: A B C … A B C …), median time and highest peak memory over the rounds, the load average
printed after each run. The table goes to stdout and to ``benchmarks/results/loans-<date>.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import loans_baselines  # noqa: E402
import loans_data  # noqa: E402

BENCH_KEY = "benchmark-only-lookup-key-0123456789abcdef"  # made-up data, a made-up key
AS_OF = datetime.date.fromisoformat(loans_data.AS_OF)
TARGET_RATIO, TARGET_RSS, TARGET_FLOOR = 1.1, 1.5 * 1024**3, 2.0


# ---------------------------------------------------------------- the workers


def _settings() -> None:
    from django.conf import settings

    if not settings.configured:
        # The defaults of every FINSUP_* setting (the code reads them without a fallback of its own).
        from finsup.config.settings import base

        defaults = {name: getattr(base, name) for name in dir(base) if name.startswith("FINSUP_")}
        settings.configure(**{**defaults, "FINSUP_LOOKUP_KEY": BENCH_KEY}, USE_TZ=True)


def worker(step: str, job: dict) -> dict:
    data = loans_data.Dataset(**{k: Path(v) if k != "loans" else v for k, v in job["data"].items()})
    store = Path(job["store"])
    if step == "generate":
        loans_data.generate(job["workdir"], **job["params"])
        return {}
    if step.startswith("copy-"):
        # The floor of ingestion: DuckDB's own copy of the same file into Parquet, read + write.
        import duckdb

        source = data.csv if step == "copy-csv" else data.parquet
        read = "read_csv" if step == "copy-csv" else "read_parquet"
        target = Path(job["workdir"]) / "floor.parquet"
        target.unlink(missing_ok=True)
        con = duckdb.connect()
        started = time.perf_counter()
        con.execute(f"COPY (SELECT * FROM {read}('{source}')) TO '{target}' (FORMAT parquet)")
        seconds = time.perf_counter() - started
        target.unlink(missing_ok=True)
        return {"seconds": seconds}
    if step.startswith("ingest-"):
        _settings()
        from finsup.loans.ingest import ingest_file

        source = data.csv if step == "ingest-csv" else data.parquet
        shutil.rmtree(store, ignore_errors=True)
        started = time.perf_counter()
        report = ingest_file(source, store_dir=store)
        seconds = time.perf_counter() - started
        if not report.accepted:
            raise SystemExit(report.as_text()[:2000])
        return {
            "seconds": seconds,
            "rows": report.rows_read,
            "written": report.rows_written,
            "files": len(report.files),
        }
    companies = data.company_context()
    from finsup.rulebook.loans_engine import read_lpr

    lpr = read_lpr()
    if step.startswith("rulebook-"):
        _settings()
        from finsup.loans.ingest import store_glob
        from finsup.rulebook import default_rulebook
        from finsup.rulebook.loader import Rulebook
        from finsup.rulebook.loans_engine import evaluate_loans

        book = default_rulebook()
        if step == "rulebook-6":
            book = Rulebook(rules=tuple(r for r in book if r.id in loans_baselines.SIX_RULES), catalogue=book.catalogue)
        started = time.perf_counter()
        findings = evaluate_loans(book, store_glob(store), companies, as_of=AS_OF)
        seconds = time.perf_counter() - started
        values = loans_baselines.rulebook_values(findings) if step == "rulebook-6" else {}
        return {"seconds": seconds, "findings": len(findings), "values": values}
    function = {"duckdb-6": "duckdb_six", "polars-6": "polars_six", "pandas-6": "pandas_six"}[step]
    run = getattr(loans_baselines, function)
    if step == "polars-6":
        import polars  # noqa: F401  (imports are not timed)
    elif step == "pandas-6":
        import pandas  # noqa: F401
    started = time.perf_counter()
    values = run(store, companies, AS_OF, lpr)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "values": values}


# ---------------------------------------------------------------- the parent


def _run_worker(step: str, job: dict, workdir: Path) -> dict:
    """Runs one step in a fresh process; adds its wall time and peak RSS (bytes)."""
    out = workdir / f"result-{step}.json"
    out.unlink(missing_ok=True)
    job_file = workdir / "job.json"
    job_file.write_text(json.dumps(job))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--worker", step, "--job", str(job_file), "--out", str(out)])
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"worker {step} failed (exit {child.returncode})")
    result = json.loads(out.read_text())
    result["wall"] = wall
    result["peak_rss"] = usage.ru_maxrss * 1024  # kilobytes on Linux
    return result


def _machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        ram = int(mem.split()[1]) * 1024
    except (OSError, StopIteration):
        ram = 0
    load = os.getloadavg()[0]  # the machine may be shared: the 1-minute load average at the end
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(), "load": load}


def _versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{p} {version(p)}" for p in ("duckdb", "polars", "pandas", "pyarrow"))


def _gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GB"


def _table(rows: list[dict], loans: int) -> list[str]:
    hand = [r["seconds"] for r in rows if r["engine"] in ("DuckDB SQL", "Polars")]
    fastest = min(hand) if hand else None
    by_id = {r["id"]: r for r in rows}
    lines = [
        "| step | engine | time s | rows/s | peak RSS | × its floor or the faster hand-written |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if r["step"] == "ingest":
            floor = by_id.get(FLOOR_OF[r["id"]])
            ratio = f"{r['seconds'] / floor['seconds']:.2f} × floor" if floor else "—"
        else:
            ratio = f"{r['seconds'] / fastest:.2f}" if fastest and r["step"] == "rules" else "—"
        lines.append(
            f"| {r['label']} | {r['engine']} | {r['seconds']:.2f} | {loans / r['seconds']:,.0f} | "
            f"{_gib(r['peak_rss'])} | {ratio} |"
        )
    return lines


STEPS = (
    # (worker step, table step, label, engine): one round runs each once, in this order (the
    # evaluation steps read the store that round's Parquet ingestion wrote).
    ("ingest-csv", "ingest", "ingest + validate, CSV", "finsup ingest (DuckDB)"),
    ("copy-csv", "floor", "floor: copy CSV → Parquet", "DuckDB COPY"),
    ("ingest-parquet", "ingest", "ingest + validate, Parquet", "finsup ingest (DuckDB)"),
    ("copy-parquet", "floor", "floor: copy Parquet → Parquet", "DuckDB COPY"),
    ("rulebook-10", "rules", "rulebook, all 10 loan rules", "finsup rulebook (DuckDB)"),
    ("rulebook-6", "rules", "six rules", "finsup rulebook (DuckDB)"),
    ("duckdb-6", "rules", "six rules", "DuckDB SQL"),
    ("polars-6", "rules", "six rules", "Polars"),
    ("pandas-6", "rules", "six rules", "pandas"),
)
FLOOR_OF = {"ingest-csv": "copy-csv", "ingest-parquet": "copy-parquet"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loans", type=int, default=10_000_000)
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--borrowers", type=int, help="default: one for five loans (2 M for 10 M)")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--workdir", default=os.environ.get("BENCH_LOANS_WORKDIR", "/tmp/finsup-bench-loans"))
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (median of each step)")
    parser.add_argument("--only", help="comma-separated worker steps to run (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write results/")
    parser.add_argument("--worker")
    parser.add_argument("--job")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    args.borrowers = args.borrowers or max(1, args.loans // 5)

    if args.worker:
        result = worker(args.worker, json.loads(Path(args.job).read_text()))
        Path(args.out).write_text(json.dumps(result))
        return 0

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    params = {"loans": args.loans, "companies": args.companies, "borrowers": args.borrowers, "seed": args.seed}
    base = workdir / f"data-l{args.loans}-c{args.companies}-b{args.borrowers}-s{args.seed}"
    import duckdb

    base = base.with_name(base.name + f"-v{duckdb.__version__}")
    data = {
        "directory": str(base),
        "csv": str(base / "loans.csv"),
        "parquet": str(base / "loans.parquet"),
        "companies": str(base / "companies.json"),
        "loans": args.loans,
    }
    job = {"data": data, "workdir": str(workdir), "params": params, "store": str(workdir / "store")}
    free = shutil.disk_usage(workdir).free
    if not (base / "done").exists() and free < args.loans * 600:
        raise SystemExit(f"{workdir}: {free / 1e9:.1f} GB free, about {args.loans * 600 / 1e9:.1f} GB needed")
    print(f"data: {base}")
    _run_worker("generate", job, workdir)

    only = set(args.only.split(",")) if args.only else None
    selected = [step for step in STEPS if not only or step[0] in only]
    runs: dict[str, list[dict]] = {step[0]: [] for step in selected}
    # Interleaved: round after round, every step once in a fresh process (A B C … A B C …), so a
    # load on the shared machine weighs on all engines alike; the load average is printed per run.
    for round_no in range(1, args.repeat + 1):
        for step, *_ in selected:
            job_step = dict(job, store=str(workdir / "store-csv")) if step == "ingest-csv" else job
            result = _run_worker(step, job_step, workdir)
            if step == "ingest-csv":
                shutil.rmtree(workdir / "store-csv", ignore_errors=True)
            runs[step].append(result)
            print(
                f"  round {round_no} {step}: {result['seconds']:.2f} s, peak {_gib(result['peak_rss'])}, "
                f"load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    rows, values = [], {}
    for step, kind, label, engine in selected:
        seconds = statistics.median(r["seconds"] for r in runs[step])
        peak = max(r["peak_rss"] for r in runs[step])
        rows.append({"id": step, "step": kind, "label": label, "engine": engine, "seconds": seconds, "peak_rss": peak})
        if runs[step][0].get("values"):
            values[step] = runs[step][0]["values"]

    problems = []
    if "rulebook-6" in values:
        for step in ("duckdb-6", "polars-6", "pandas-6"):
            if step in values:
                found = loans_baselines.differences(values["rulebook-6"], values[step])
                problems += [f"{step}: {p}" for p in found[:5]]
                print(f"  {step} agrees with the rulebook: {'no' if found else 'yes'} ({len(values[step])} companies)")
    machine = _machine()
    now = datetime.datetime.now().astimezone()
    sizes = {k: Path(data[k]).stat().st_size for k in ("csv", "parquet")}
    hits = {}
    if "rulebook-6" in values:
        for i, rule in enumerate(loans_baselines.SIX_RULES[:4]):
            hits[rule] = sum(v[i] for v in values["rulebook-6"].values())
    lines = [
        f"# Loans benchmark, {now:%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {_gib(machine['ram'])} RAM; "
        f"Python {machine['python']}, {_versions()}; load average {machine['load']:.1f} at the end.",
        f"Data: {args.loans:,} loan rows, {args.companies} companies, {args.borrowers:,} borrowers, seed {args.seed} "
        f"(CSV {_gib(sizes['csv'])}, Parquet {_gib(sizes['parquet'])}); evaluation day {AS_OF}, "
        f"{args.repeat} interleaved rounds (every step once per round, each in a fresh process), median time, "
        "highest peak. rows/s = loan rows / time. The floor of an ingestion is DuckDB's own copy of the same "
        "file into Parquet, in the same rounds.",
        "",
        *_table(rows, args.loans),
        "",
    ]
    if hits:
        lines.append("Loans hit (six rules, all companies): " + ", ".join(f"{k} {v:,}" for k, v in hits.items()) + ".")
    checks = []
    six = next((r for r in rows if r["label"] == "six rules" and r["engine"].startswith("finsup")), None)
    hand = [r["seconds"] for r in rows if r["engine"] in ("DuckDB SQL", "Polars")]
    if six and hand:
        checks.append(f"rulebook ÷ faster hand-written {six['seconds'] / min(hand):.2f} (target ≤ {TARGET_RATIO})")
    finsup_rows = [r for r in rows if r["engine"].startswith("finsup")]
    if finsup_rows:
        worst = max(finsup_rows, key=lambda r: r["peak_rss"])
        checks.append(f"highest finsup peak {_gib(worst['peak_rss'])} ({worst['label']}; target < {_gib(TARGET_RSS)})")
    for ingest, floor in FLOOR_OF.items():
        i, f = (next((r for r in rows if r["id"] == x), None) for x in (ingest, floor))
        if i and f:
            checks.append(f"{i['label']} {i['seconds'] / f['seconds']:.2f} × its floor (target ≤ {TARGET_FLOOR})")
    if checks:
        lines.append("Targets: " + "; ".join(checks) + ".")
    lines.append(
        "Baselines agree with the rulebook: " + ("yes" if not problems else "NO: " + "; ".join(problems)) + "."
        if any(k in values for k in ("duckdb-6", "polars-6", "pandas-6"))
        else "Baselines not run."
    )
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"loans-{now:%Y-%m-%d}.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(text)
        print(f"written to {out.relative_to(HERE.parent)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
