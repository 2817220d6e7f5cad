"""The rulebook engine before and after a change, in the same run: 10,000 filings and 10 M loans.

    .venv/bin/python benchmarks/rulebook.py                       # BEFORE = 666133a, AFTER = the working tree
    .venv/bin/python benchmarks/rulebook.py --loans 1000000       # a quicker run
    .venv/bin/python benchmarks/rulebook.py --before <commit> --rules-dir <dir> --rounds 5
    make bench-rulebook

BEFORE is the ``src/`` of a commit, extracted with ``git archive`` into ``/tmp/finsup-before-<sha>``
(outside the repository, reused); AFTER is the working tree's ``src/``. Every measurement runs
in a fresh Python process of the same virtualenv with that version's ``src/`` first on its path
(``PYTHONPATH``); the worker reports the ``finsup.rulebook.__file__`` it imported and the run
stops if it is not the intended copy. Peak memory is the child's peak RSS (``wait4``); time is
that of the call measured (imports, reading the input and loading the rulebook excluded; the
loading is timed on its own).

  filings   ``evaluate(rulebook, rows)`` on the rows of 10,000 filings: the demo's raw figures
            (``benchmarks/filings.py``: every report of every institution from January 2021,
            oldest first), parsed as filing parses them and made into rows by
            ``reporting.evaluation.row_for`` (figures in yuan plus the registry and rating
            context of ``context_for``) on a scratch SQLite database with the demo registry.
            Built once per run by the working tree's code and pickled: both versions read the
            same rows.
  loans     ``evaluate_loans`` with every loan rule over the store of ``loans_data`` (10 M
            loans, 500 companies, as ``benchmarks/loans.py``), ingested once with the benchmark
            key into ``<data>/store`` under ``--workdir`` and reused.

Rounds alternate the order (A B, then B A). A third engine row, AFTER with BEFORE's rule files,
is added when AFTER's rules differ from BEFORE's: that row compares the engines on the same
rules. ``--rules-dir`` sets the rule files AFTER reads (default: its own).

Verdicts: the first round's results are compared rule by rule. A filing's verdict (passed,
failed, not applicable) may differ only where the value lies within rounding (1e-6) of its
limit: the breaches the old six-decimal rounding let pass, or the reverse; any other
difference fails the run. Loan findings are compared the same way, and hit counts must agree.
The table goes to stdout and to ``benchmarks/results/rulebook-<date>.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH_KEY = "benchmark-only-lookup-key-0123456789abcdef"  # made-up data, a made-up key (as loans.py)
ROUNDING = Decimal("0.000001")  # the old engine rounded values and thresholds to 6 decimals
SHOWN = 40  # differing verdicts listed in the table file


# ---------------------------------------------------------------- the workers


def _import_from(src: str):
    """Puts ``src`` first and imports the rulebook from it; refuses any other copy."""
    sys.path.insert(0, src)
    import finsup.rulebook

    where = Path(finsup.rulebook.__file__).resolve()
    if not where.is_relative_to(Path(src).resolve()):
        raise SystemExit(f"finsup.rulebook imported from {where}, not from {src}")
    from django.conf import settings

    if not settings.configured:
        settings.configure(FINSUP_LOOKUP_KEY=BENCH_KEY, USE_TZ=True)
    return str(where)


def _as_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "–".join(str(v) for v in value)
    return str(value)


def worker_filings(job: dict) -> dict:
    imported = _import_from(job["src"])
    from finsup.rulebook import evaluate, load_rulebook

    rows = pickle.loads(Path(job["rows"]).read_bytes())["rows"]
    started = time.perf_counter()
    book = load_rulebook(job["rules"])
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    results = evaluate(book, rows)
    seconds = time.perf_counter() - started
    if job.get("verdicts"):
        verdicts = [
            (r.row_key, r.rule_id, r.rule_version, r.passed, r.value, r.threshold, r.comparator) for r in results
        ]
        Path(job["verdicts"]).write_bytes(pickle.dumps(verdicts))
    report_rules = sum(1 for r in book if r.source != "loans")
    return {"seconds": seconds, "load": loaded, "results": len(results), "rules": report_rules, "file": imported}


def worker_loans(job: dict) -> dict:
    imported = _import_from(job["src"])
    import loans_data

    from finsup.loans.ingest import store_glob
    from finsup.rulebook import load_rulebook
    from finsup.rulebook.loans_engine import evaluate_loans

    companies = loans_data.Dataset(**{k: Path(v) if k != "loans" else v for k, v in job["data"].items()})
    companies = companies.company_context()
    started = time.perf_counter()
    book = load_rulebook(job["rules"])
    loaded = time.perf_counter() - started
    as_of = datetime.date.fromisoformat(loans_data.AS_OF)
    started = time.perf_counter()
    findings = evaluate_loans(book, store_glob(job["store"]), companies, as_of=as_of)
    seconds = time.perf_counter() - started
    if job.get("verdicts"):
        verdicts = [
            (f.company, f.rule_id, f.rule_version, f.passed, f.value, f.threshold, f.comparator, f.loan_count)
            for f in findings
        ]
        Path(job["verdicts"]).write_bytes(pickle.dumps(verdicts))
    loan_rules = sum(1 for r in book if r.source == "loans")
    return {"seconds": seconds, "load": loaded, "results": len(findings), "rules": loan_rules, "file": imported}


def worker_rows(job: dict) -> dict:
    """The rows of the first ``filings`` filings, built by the working tree's code (see the docstring)."""
    import filings

    filings._django(f"sqlite:///{Path(job['dir']) / 'rows.sqlite3'}", job["dir"])
    from django.core.management import call_command

    from finsup.demo.services import demo_load
    from finsup.ratings.selectors import final_ratings
    from finsup.reporting import catalogue_access as cat
    from finsup.reporting.evaluation import row_for
    from finsup.reporting.models import Submission
    from finsup.reporting.validation import parse_figures, stored_to_json

    call_command("migrate", verbosity=0)
    with filings._actor():
        demo_load(with_filings=False)
    requests = filings._requests(job["filings"])
    ratings = final_ratings({r.institution.pk for r in requests})
    rows, where = [], {}
    for key, r in enumerate(requests, start=1):
        version = cat.catalogue()[r.report_code].version_for(r.period.end)
        figures, errors = parse_figures(version, r.raw)
        if errors:
            raise SystemExit(f"{r.report_code} {r.period.label}: {errors[:2]}")
        submission = Submission(
            pk=key,
            institution=r.institution,
            report_code=r.report_code,
            report_version=version.version,
            period_start=r.period.start,
            period_end=r.period.end,
            values=stored_to_json(figures),
        )
        rows.append(row_for(submission, ratings=ratings))
        where[key] = (r.institution.credit_code, r.report_code, r.period.label)
    Path(job["rows"]).write_bytes(pickle.dumps({"rows": rows, "where": where}))
    return {"rows": len(rows), "reports": len({r.report_code for r in requests})}


def worker_store(job: dict) -> dict:
    """Generates the loan data (``loans_data``) and ingests it once into ``job["store"]``."""
    _import_from(job["src"])
    import loans_data

    from finsup.loans.ingest import ingest_file

    data = loans_data.generate(job["workdir"], **job["params"])
    store = Path(job["store"])
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    report = ingest_file(data.parquet, store_dir=store)
    if not report.accepted:
        raise SystemExit(report.as_text()[:2000])
    (store / "done").write_text("ok\n")
    return {"seconds": time.perf_counter() - started, "rows": report.rows_written}


WORKERS = {"filings": worker_filings, "loans": worker_loans, "rows": worker_rows, "store": worker_store}


# ---------------------------------------------------------------- the parent


def run_worker(name: str, job: dict, src: Path, tmp: Path) -> dict:
    """One step in a fresh process with ``src`` first on its path; adds its peak RSS (bytes)."""
    job_file, out = tmp / f"job-{name}.json", tmp / f"out-{name}.json"
    job_file.write_text(json.dumps(job, default=str))
    out.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, __file__, "--worker", name, "--job", str(job_file), "--out", str(out)]
    child = subprocess.Popen(command, env=env, cwd=str(tmp))
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"worker {name} failed (exit {os.waitstatus_to_exitcode(status)})")
    result = json.loads(out.read_text())
    result["peak_rss"] = usage.ru_maxrss * 1024  # kilobytes on Linux
    return result


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout.strip()


def before_copy(commit: str) -> tuple[str, Path]:
    """The commit's ``src/`` under /tmp (extracted once, never inside the repository)."""
    sha = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    root = Path(tempfile.gettempdir()) / f"finsup-before-{sha[:12]}"
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
        (root / "done").write_text(sha + "\n")
    return sha, root / "src"


def rules_text(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.toml"))}


def loan_job(args, workdir: Path) -> dict:
    import duckdb

    params = {"loans": args.loans, "companies": args.companies, "borrowers": args.borrowers, "seed": args.seed}
    base = workdir / f"data-l{args.loans}-c{args.companies}-b{args.borrowers}-s{args.seed}-v{duckdb.__version__}"
    data = {
        "directory": str(base),
        "csv": str(base / "loans.csv"),
        "parquet": str(base / "loans.parquet"),
        "companies": str(base / "companies.json"),
        "loans": args.loans,
    }
    return {"data": data, "workdir": str(workdir), "params": params, "store": str(base / "store")}


def _near(value, threshold) -> bool:
    """Whether a value lies within the old engine's rounding of its limit (or of either bound)."""
    if value is None or threshold is None:
        return False
    bounds = threshold if isinstance(threshold, tuple) else (threshold,)
    return any(abs(Decimal(value) - Decimal(b)) <= ROUNDING for b in bounds)


def compare_verdicts(before: list[tuple], after: list[tuple], *, loans: bool) -> dict:
    """Rule by rule, on the (row or company, rule, rule version) both sides evaluated."""
    old = {(v[0], v[1], v[2]): v for v in before}
    new = {(v[0], v[1], v[2]): v for v in after}
    common = old.keys() & new.keys()
    rounding, other = [], []
    for key in sorted(common, key=str):
        a, b = old[key], new[key]
        counts_differ = loans and a[7] != b[7]  # hit loans of a row rule (0 for aggregate rules)
        if a[3] == b[3] and not counts_differ:
            continue
        near = not counts_differ and (_near(a[4], a[5]) or _near(b[4], b[5]))
        (rounding if near else other).append((a, b))
    return {
        "compared": len(common),
        "near": Counter(key[1] for key in common if _near(new[key][4], new[key][5])),
        "only_before": sorted({k[1] for k in old.keys() - new.keys()}),
        "only_after": sorted({k[1] for k in new.keys() - old.keys()}),
        "rounding": rounding,
        "other": other,
    }


def _verdict(passed) -> str:
    return "n/a" if passed is None else ("passed" if passed else "failed")


def _gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GB"


def _machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
    import platform

    import duckdb

    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}, {_gib(int(mem.split()[1]) * 1024)} RAM; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def prepare(args, after_src: Path, tmp: Path) -> list[tuple[str, dict]]:
    """The inputs, built once: the filings' rows (pickled in ``tmp``) and the loan store (reused)."""
    measurements = []
    if args.only in (None, "filings"):
        print(f"rows of {args.filings:,} filings (demo registry on a scratch SQLite database) …", flush=True)
        started = time.perf_counter()
        job = {"dir": str(tmp), "filings": args.filings, "rows": str(tmp / "rows.pickle")}
        built = run_worker("rows", job, after_src, tmp)
        print(f"  {built['rows']:,} rows of {built['reports']} reports in {time.perf_counter() - started:.0f} s")
        measurements.append(("filings", {"rows": job["rows"]}))
    if args.only in (None, "loans"):
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        job = loan_job(args, workdir)
        if not (Path(job["store"]) / "done").exists():
            free, need = shutil.disk_usage(workdir).free, args.loans * 700
            if free < need:
                raise SystemExit(f"{workdir}: {free / 1e9:.1f} GB free, about {need / 1e9:.1f} GB needed")
            print(f"loan data and store: {job['store']} (generated and ingested once) …", flush=True)
            done = run_worker("store", dict(job, src=str(after_src)), after_src, tmp)
            print(f"  {done['rows']:,} loans ingested in {done['seconds']:.0f} s")
        print(f"loan store: {job['store']}")
        measurements.append(("loans", job))
    return measurements


def measure(rounds: int, engines, measurements, tmp: Path) -> tuple[dict, dict]:
    """Rounds of every measurement on every engine, the order reversed every other round. Returns
    the runs and the verdicts of each engine's first run, by (measurement, engine label)."""
    runs: dict[tuple[str, str], list[dict]] = {}
    verdicts: dict[tuple[str, str], list] = {}
    for round_no in range(rounds):
        order = engines if round_no % 2 == 0 else engines[::-1]
        for what, job in measurements:
            for label, src, rules in order:
                first = (what, label) not in runs
                keep = tmp / f"verdicts-{what}-{len(verdicts)}.pickle"
                step = dict(job, src=str(src), rules=str(rules), verdicts=str(keep) if first else "")
                result = run_worker(what, step, src, tmp)
                runs.setdefault((what, label), []).append(result)
                if first:
                    verdicts[(what, label)] = pickle.loads(keep.read_bytes())
                    print(f"  {label} imports {result['file']}")
                print(
                    f"  round {round_no + 1} {what:7} {label:22} {result['seconds']:7.2f} s  "
                    f"load {result['load']:.2f} s  peak {_gib(result['peak_rss'])}  (load avg {_load()})",
                    flush=True,
                )
    return runs, verdicts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="666133a", help="the commit to compare with (default 666133a)")
    parser.add_argument("--rules-dir", help="the rule files AFTER reads (default: the working tree's)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (median of them; at least 3 for the record)")
    parser.add_argument("--filings", type=int, default=10_000)
    parser.add_argument("--loans", type=int, default=10_000_000)
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--borrowers", type=int, help="default: one for five loans (2 M for 10 M)")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--workdir", default=os.environ.get("BENCH_LOANS_WORKDIR", "/tmp/finsup-bench-loans"))
    parser.add_argument("--only", choices=["filings", "loans"], help="run one of the two measurements")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write results/")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.borrowers = args.borrowers or max(1, args.loans // 5)

    if args.worker:
        sys.path.insert(0, str(HERE))
        result = WORKERS[args.worker](json.loads(Path(args.job).read_text()))
        Path(args.out).write_text(json.dumps(result))
        return 0

    load_at_start = _load()
    started_at = datetime.datetime.now().astimezone()
    before_sha, before_src = before_copy(args.before)
    after_src = REPO / "src"
    before_rules = before_src / "finsup" / "rulebook" / "rules"
    after_rules = Path(args.rules_dir).resolve() if args.rules_dir else after_src / "finsup" / "rulebook" / "rules"
    engines = [("BEFORE", before_src, before_rules), ("AFTER", after_src, after_rules)]
    same_rules = rules_text(before_rules) == rules_text(after_rules)
    if not same_rules:
        engines.append(("AFTER, BEFORE's rules", after_src, before_rules))
    after_sha = git("rev-parse", "HEAD")
    dirty = " + uncommitted changes under src/" if git("status", "--porcelain", "--", "src") else ""
    print(f"BEFORE {before_sha[:12]} ({before_src}); AFTER {after_sha[:12]}{dirty} ({after_src})")
    print(f"rules: BEFORE {before_rules}; AFTER {after_rules}{'' if same_rules else ' (they differ)'}")

    tmp = Path(tempfile.mkdtemp(prefix="finsup-bench-rulebook-"))
    try:
        measurements = prepare(args, after_src, tmp)
        runs, verdicts = measure(args.rounds, engines, measurements, tmp)
        rows = tmp / "rows.pickle"
        where = pickle.loads(rows.read_bytes())["where"] if rows.exists() else {}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    head = {
        "when": started_at,
        "machine": _machine(),
        "load": (load_at_start, _load()),
        "before": f"{before_sha[:12]} “{git('log', '-1', '--format=%s', before_sha)}”",
        "after": f"{after_sha[:12]}{dirty} “{git('log', '-1', '--format=%s', after_sha)}”",
        "rules": (after_rules, same_rules),
    }
    text, problems = report(args, engines, measurements, runs, verdicts, where, head)
    print()
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"rulebook-{started_at:%Y-%m-%d}.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(text)
        print(f"written to {out.relative_to(REPO)}")
    return 1 if problems else 0


def report(args, engines, measurements, runs, verdicts, where, head) -> tuple[str, list[str]]:
    after_rules, same_rules = head["rules"]
    rules = "its own" if not args.rules_dir else f"`{after_rules}`"
    rules += " (the same files)" if same_rules else " (not BEFORE’s: the third row runs AFTER on BEFORE’s files)"
    lines = [
        f"# Rulebook engine, before and after, {head['when']:%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {head['machine']}. Load average (1/5/15 min) {head['load'][0]} at the start, "
        f"{head['load'][1]} at the end.",
        f"BEFORE: {head['before']}. AFTER: {head['after']}.",
        f"Rules: BEFORE reads its own; AFTER reads {rules}.",
        f"{args.rounds} rounds, engines interleaved (A B, then B A): median and min–max of the rounds; peak RSS the "
        "highest of the rounds (the whole worker process: Python, the input, DuckDB). "
        "The time excludes loading the rulebook (load s).",
        "",
        "| input | engine | rules | median s | min–max s | load s | peak RSS | × BEFORE time | × BEFORE RSS |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {"filings": f"{args.filings:,} filings", "loans": f"{args.loans:,} loans, {args.companies} companies"}
    for what, _job in measurements:
        base = runs[(what, "BEFORE")]
        base_s = statistics.median(r["seconds"] for r in base)
        base_rss = max(r["peak_rss"] for r in base)
        for label, _src, _rules in engines:
            rs = runs[(what, label)]
            median = statistics.median(r["seconds"] for r in rs)
            peak = max(r["peak_rss"] for r in rs)
            low, high = min(r["seconds"] for r in rs), max(r["seconds"] for r in rs)
            load = statistics.median(r["load"] for r in rs)
            ratio = "—" if label == "BEFORE" else f"{median / base_s:.2f}"
            rss_ratio = "—" if label == "BEFORE" else f"{peak / base_rss:.2f}"
            lines.append(
                f"| {names[what]} | {label} | {rs[0]['rules']} | {median:.2f} | {low:.2f}–{high:.2f} | {load:.2f} | "
                f"{_gib(peak)} | {ratio} | {rss_ratio} |"
            )
    lines.append("")
    problems = []
    for what, _job in measurements:
        unit = "filing" if what == "filings" else "company"
        for label, _src, _rules in engines[1:]:
            diff = compare_verdicts(verdicts[(what, "BEFORE")], verdicts[(what, label)], loans=what == "loans")
            sentence = (
                f"**Verdicts, {names[what]}, BEFORE vs {label}:** {diff['compared']:,} results compared "
                f"(same rule and version); {len(diff['rounding'])} verdicts differ within rounding of the limit, "
                f"{len(diff['other'])} differ otherwise. At their limit to 6 decimals: {diff['near'].total():,} results"
            )
            if diff["near"]:
                sentence += " (" + ", ".join(f"{rule} {n:,}" for rule, n in diff["near"].most_common(6))
                sentence += ", …)" if len(diff["near"]) > 6 else ")"
            sentence += "."
            if diff["only_before"] or diff["only_after"]:
                sentence += (
                    f" Rules (or versions) only BEFORE evaluated: {', '.join(diff['only_before']) or 'none'}; "
                    f"only {label}: {', '.join(diff['only_after']) or 'none'}."
                )
            lines += [sentence, ""]
            if diff["other"]:
                problems.append(f"{what}, {label}: {len(diff['other'])} verdicts differ beyond rounding")
            listed = [("within rounding", d) for d in diff["rounding"]] + [("NOT rounding", d) for d in diff["other"]]
            if listed:
                lines += [
                    f"| {unit} | rule | value BEFORE → {label} | limit | verdict BEFORE → {label} | why |",
                    "| --- | --- | --- | --- | --- | --- |",
                ]
                for why, (a, b) in listed[:SHOWN]:
                    who = " ".join(where.get(a[0], (str(a[0]),))) if what == "filings" else a[0]
                    values = f"{_as_text(a[4])} → {_as_text(b[4])}"
                    if what == "loans" and a[7] != b[7]:
                        values += f" (hits {a[7]} → {b[7]})"
                    lines.append(
                        f"| {who} | {a[1]} | {values} | {a[6]} {_as_text(b[5])} | "
                        f"{_verdict(a[3])} → {_verdict(b[3])} | {why} |"
                    )
                if len(listed) > SHOWN:
                    lines.append(f"| … {len(listed) - SHOWN} more | | | | | |")
                lines.append("")
    lines.append("Verdicts: " + ("as expected." if not problems else "UNEXPLAINED DIFFERENCES: " + "; ".join(problems)))
    return "\n".join(lines) + "\n", problems


if __name__ == "__main__":
    sys.exit(main())
