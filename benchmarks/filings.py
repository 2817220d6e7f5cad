"""Filings per second through the service layer, batch against one by one, in the same run.

A fresh database is migrated and given the demo registry (144 institutions that file). The demo's
generators produce 10,000 filings' worth of raw figures (every report of every institution from
January 2021 on, oldest period first), and the benchmark measures:

  batch        (a) validate + store: `reporting.batch.submissions_file_batch`, one call;
               (b) accept + evaluate: `reporting.workflow.submissions_accept_batch`, one call by
               the city's clerk (rulebook evaluation in DuckDB, warnings opened).
  one by one   the baseline: a sample of whole report series (about 500 filings) filed with
               `reporting.services.submission_file`, then accepted with
               `reporting.workflow.submission_accept`, which evaluates each filing alone
               (`evaluate_submissions([s])`): the web form's and the API's path.

The two paths are interleaved, round by round (batch, one by one; one by one, batch; …), each on a
fresh copy of the same template database and in a fresh process; the table gives each round's
rate, the median, and the median against the issue's targets (1,000 filings/s batch, 150 one by
one), with the 1-minute load average after each run (the machine may be shared).

Usage (the Makefile's `make bench` runs both engines):

    .venv/bin/python benchmarks/filings.py --engine sqlite [--rounds 3] [--filings 10000]
    .venv/bin/python benchmarks/filings.py --engine postgres --postgres postgres://postgres@127.0.0.1:5432/finsup_bench

The PostgreSQL database named in the URL is created, used as the template and dropped (it must
not exist), and so is each run's copy `<name>_run`. Each run is a worker process of its own
(`--worker`), so Django is configured for the database under test. Results:
benchmarks/results/filings-<engine>.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
FILINGS = 10_000
SAMPLE_EVERY = 20  # every 20th report series is filed one by one: about 500 filings
SINCE = datetime.date(2021, 1, 1)
AS_OF = datetime.date(2026, 10, 31)  # a fixed day, so every run files the same filings


# ---------------------------------------------------------------- the workers (inside Django)


def _django(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["FINSUP_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsup.config.settings.local")
    import django

    django.setup()


def _actor():
    from finsup.core.request_context import Actor, acting_as

    return acting_as(Actor(label="command:bench filings", channel="command"))


def _requests(limit: int):
    """The first `limit` filings of every series, oldest period first, as FilingRequests."""
    from finsup.accounts.models import User
    from finsup.demo.filings_money import entered
    from finsup.demo.filings_plan import figure_series
    from finsup.demo.services import demo_plan
    from finsup.institutions.models import Institution
    from finsup.reporting import catalogue_access as cat
    from finsup.reporting.batch import FilingRequest

    as_of = AS_OF
    series = sorted(
        figure_series(demo_plan(), since=SINCE, as_of=as_of), key=lambda s: (s[2].end, s[1], s[0].credit_code)
    )
    institutions = {i.credit_code: i for i in Institution.objects.select_related("county")}
    users = {u.institution_id: u for u in User.objects.filter(institution__isnull=False)}
    requests = []
    for plan, code, period, figures in series[:limit]:
        inst = institutions[plan.credit_code]
        fields = set(cat.catalogue()[code].version_for(period.end).field_ids)
        raw = {k: v for k, v in entered(figures).items() if k in fields}  # earlier versions have fewer fields
        requests.append(FilingRequest(by=users[inst.pk], institution=inst, report_code=code, period=period, raw=raw))
    return requests


def _db_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def worker_setup(args) -> dict:
    from django.core.management import call_command

    from finsup.demo.services import demo_load

    call_command("migrate", verbosity=0)
    with _actor():
        result = demo_load(with_filings=False)
    return {"institutions": result.counts["institutions"]}


def worker_batch(args) -> dict:
    from finsup.accounts.models import User
    from finsup.monitoring.models import RiskWarning
    from finsup.reporting import workflow
    from finsup.reporting.batch import submissions_file_batch
    from finsup.reporting.models import RuleResult

    requests = _requests(args.filings)
    clerk = User.objects.get(username="city_clerk")
    with _actor():
        started = time.perf_counter()
        submissions_file_batch(requests)
        filed = time.perf_counter() - started
        rejected = [f"{r.report_code} {r.period.label}: {r.errors[:2]}" for r in requests if r.errors]
        if rejected:
            raise SystemExit(f"{len(rejected)} filings refused, e.g. {rejected[:3]}")
        started = time.perf_counter()
        accepted = workflow.submissions_accept_batch(submissions=[r.submission for r in requests], by=clerk)
        reviewed = time.perf_counter() - started
    return {
        "filings": len(requests),
        "accepted": len(accepted),
        "file_seconds": filed,
        "accept_seconds": reviewed,
        "rule_results": RuleResult.objects.count(),
        "warnings": RiskWarning.objects.count(),
        "db": _db_version(),
    }


def worker_baseline(args) -> dict:
    """Whole series (every period of one report of one institution), so each filing is checked
    against its previous period as in real use. Accepted newest first: see the README."""
    from finsup.accounts.models import User
    from finsup.reporting import services, workflow

    requests = _requests(args.filings)
    keys = sorted({(r.institution.credit_code, r.report_code) for r in requests})
    chosen = set(keys[::SAMPLE_EVERY])
    sample = [r for r in requests if (r.institution.credit_code, r.report_code) in chosen]
    clerk = User.objects.get(username="city_clerk")
    stored = []
    with _actor():
        started = time.perf_counter()
        for r in sample:
            stored.append(
                services.submission_file(
                    by=r.by,
                    institution=r.institution,
                    report_code=r.report_code,
                    period=r.period,
                    raw=r.raw,
                    channel="api",
                )
            )
        filed = time.perf_counter() - started
        started = time.perf_counter()
        for submission in reversed(stored):
            workflow.submission_accept(submission=submission, by=clerk)
        reviewed = time.perf_counter() - started
    return {"sample": len(sample), "file_seconds": filed, "accept_seconds": reviewed}


WORKERS = {"setup": worker_setup, "batch": worker_batch, "baseline": worker_baseline}


# ---------------------------------------------------------------- the orchestrator (no Django)

TARGETS = {"batch": 1_000, "baseline": 150}  # filings/s the issue sets: batch path, one by one
LABELS = {"batch": "batch", "baseline": "one by one"}


def run_worker(name: str, url: str, var_dir: str, filings: int) -> dict:
    command = [sys.executable, __file__, "--worker", name, "--url", url, "--var-dir", var_dir]
    command += ["--filings", str(filings)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"worker {name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


class SQLiteEngine:
    label = "SQLite"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="finsup-bench-")
        self.template, self.run = Path(self.dir, "template.sqlite3"), Path(self.dir, "run.sqlite3")

    def url(self, which: str) -> str:
        return f"sqlite:///{self.template if which == 'template' else self.run}"

    def fresh(self) -> None:
        """The run's database: a copy of the template (migrated, with the demo registry)."""
        self.run.unlink(missing_ok=True)
        with sqlite3.connect(self.template) as source, sqlite3.connect(self.run) as target:
            source.backup(target)

    def drop(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresEngine:
    label = "PostgreSQL"

    def __init__(self, url: str):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/") or "finsup_bench"
        self.server = parts
        self.dir = tempfile.mkdtemp(prefix="finsup-bench-")
        with self._admin() as con:
            if con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone():
                raise SystemExit(f"database {self.name} exists; the benchmark only uses a scratch database it creates")
            con.execute(f'CREATE DATABASE "{self.name}"')

    def _admin(self):
        admin = urlunsplit(self.server._replace(path="/postgres", scheme="postgresql"))
        return self.psycopg.connect(admin, autocommit=True)

    def url(self, which: str) -> str:
        name = self.name if which == "template" else f"{self.name}_run"
        return urlunsplit(self.server._replace(path=f"/{name}", scheme="postgres"))

    def fresh(self) -> None:
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{self.name}_run"')
            con.execute(f'CREATE DATABASE "{self.name}_run" TEMPLATE "{self.name}"')

    def drop(self) -> None:
        with self._admin() as con:
            for name in (f"{self.name}_run", self.name):
                con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(self.dir, ignore_errors=True)


def machine() -> str:
    import duckdb

    memory = ""
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), {memory}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def _rates(name: str, result: dict, filings: int) -> dict[str, float]:
    """Filings per second by phase; one by one measures its sample, batch all `filings`."""
    n = result["filings"] if name == "batch" else result["sample"]
    return {
        "file": n / result["file_seconds"],
        "accept": n / result["accept_seconds"],
        "overall": n / (result["file_seconds"] + result["accept_seconds"]),
    }


def table(rounds: dict[str, list[dict]], filings: int, db: str) -> str:
    phases = (
        ("file", "validate + store"),
        ("accept", "accept + evaluate"),
        ("overall", "overall: validated, stored, accepted, evaluated"),
    )
    calls = {
        "batch": "`submissions_file_batch` → `submissions_accept_batch`",
        "baseline": "`submission_file` → `submission_accept` (`evaluate_submissions([s])`)",
    }
    lines = [
        "| engine | path | phase | filings per round | filings/s, each round | median | target | median / target |",
        "| --- | --- | --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for name in ("baseline", "batch"):
        results = rounds[name]
        n = results[0]["filings"] if name == "batch" else results[0]["sample"]
        for key, phase in phases:
            each = [_rates(name, r, filings)[key] for r in results]
            median = statistics.median(each)
            target = TARGETS[name] if key == "overall" else None
            lines.append(
                f"| {db} | {LABELS[name]}: {calls[name]} | {phase} | {n:,} | "
                + " / ".join(f"{x:,.0f}" for x in each)
                + f" | {median:,.0f} | {f'{target:,}' if target else ''} | "
                + (f"{median / target:.2f}" if target else "")
                + " |"
            )
    return "\n".join(lines)


def bench(engine, filings: int, rounds: int) -> str:
    print(f"{engine.label}: template database with the demo registry; {rounds} rounds, batch and one by one")
    results: dict[str, list[dict]] = {"batch": [], "baseline": []}
    loads = []
    try:
        run_worker("setup", engine.url("template"), engine.dir, filings)
        for i in range(rounds):
            for name in ("baseline", "batch") if i % 2 else ("batch", "baseline"):  # A B B A …: neither always first
                engine.fresh()
                result = run_worker(name, engine.url("run"), engine.dir, filings)
                results[name].append(result)
                loads.append(os.getloadavg()[0])
                rate = _rates(name, result, filings)["overall"]
                print(f"  round {i + 1} {LABELS[name]}: {rate:,.0f} filings/s (load {loads[-1]:.2f})", flush=True)
    finally:
        engine.drop()
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    batch, base = results["batch"], results["baseline"]
    db = batch[0]["db"]
    speedup = statistics.median(_rates("batch", r, filings)["overall"] for r in batch)
    speedup /= statistics.median(_rates("baseline", r, filings)["overall"] for r in base)
    return (
        f"### Filings, {engine.label}\n\n{when}; {machine()}; {db}; {rounds} rounds, the two paths "
        f"interleaved (a fresh copy of the same database and a fresh process each); 1-minute load average "
        f"after each run: {' / '.join(f'{x:.2f}' for x in loads)}.\n\n"
        f"{table(results, filings, db)}\n\n"
        f"Batch is {speedup:.1f}× the one-by-one rate overall. Each batch round stored "
        f"{batch[0]['rule_results']:,} rule results and opened {batch[0]['warnings']:,} warnings.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres", help="URL of a scratch PostgreSQL database to create and drop")
    parser.add_argument("--filings", type=int, default=FILINGS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _django(args.url, args.var_dir)
        print(json.dumps(WORKERS[args.worker](args)))
        return
    if args.engine == "postgres":
        if not args.postgres:
            parser.error("--engine postgres needs --postgres URL")
        engine = PostgresEngine(args.postgres)
    else:
        engine = SQLiteEngine()
    report = bench(engine, args.filings, args.rounds)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"filings-{args.engine}.md").write_text(report, encoding="utf-8")
    print("\n" + report)


if __name__ == "__main__":
    main()
