"""Filings per second through the service layer, batch against one by one, in the same run.

A fresh database is migrated and given the demo registry (144 institutions that file). The demo's
generators produce 10,000 filings' worth of raw figures (every report of every institution from
January 2021 on, oldest period first), and the benchmark measures:

  batch        (a) validate + store: `reporting.batch.submissions_file_batch`, one call;
               (b) accept + evaluate: `reporting.workflow.submissions_accept_batch`, one call by
               the city's clerk (rulebook evaluation in DuckDB, warnings opened).
  one by one   the baseline, on a copy of the same database: a sample of whole report series
               (about 500 filings) filed with `reporting.services.submission_file`, then accepted
               with `reporting.workflow.submission_accept`, which evaluates each filing alone
               (`evaluate_submissions([s])`); seconds are extrapolated to 10,000.

Usage (the Makefile's `make bench` runs both):

    .venv/bin/python benchmarks/filings.py --engine sqlite
    .venv/bin/python benchmarks/filings.py --engine postgres --postgres postgres://postgres@127.0.0.1:5432/finsup_bench

The PostgreSQL database named in the URL is created, used and dropped (it must not exist), and so
is its copy `<name>_baseline`. Each phase runs in a worker process of its own (`--worker`), so
Django is configured for the database under test. Results: benchmarks/results/filings-<engine>.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
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


def run_worker(name: str, url: str, var_dir: str, filings: int) -> dict:
    command = [sys.executable, __file__, "--worker", name, "--url", url, "--var-dir", var_dir]
    command += ["--filings", str(filings)]
    print(f"  {name} …", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"worker {name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


class SQLiteEngine:
    label = "SQLite"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="finsup-bench-")
        self.main, self.copy = Path(self.dir, "bench.sqlite3"), Path(self.dir, "baseline.sqlite3")

    def url(self, which: str) -> str:
        return f"sqlite:///{self.main if which == 'main' else self.copy}"

    def clone(self) -> None:
        with sqlite3.connect(self.main) as source, sqlite3.connect(self.copy) as target:
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
        name = self.name if which == "main" else f"{self.name}_baseline"
        return urlunsplit(self.server._replace(path=f"/{name}", scheme="postgres"))

    def clone(self) -> None:
        with self._admin() as con:
            con.execute(f'CREATE DATABASE "{self.name}_baseline" TEMPLATE "{self.name}"')

    def drop(self) -> None:
        with self._admin() as con:
            for name in (f"{self.name}_baseline", self.name):
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


def table(engine_label: str, batch: dict, base: dict) -> str:
    n = batch["filings"]
    scale = n / base["sample"]
    rows = [
        ("validate + store, batch: `submissions_file_batch`", n, batch["file_seconds"]),
        ("accept + evaluate, batch: `submissions_accept_batch`", n, batch["accept_seconds"]),
        ("overall, batch", n, batch["file_seconds"] + batch["accept_seconds"]),
        (
            f"validate + store, one by one: `submission_file` ({base['sample']} sampled, ×{scale:.1f})",
            n,
            base["file_seconds"] * scale,
        ),
        (
            f"accept + evaluate, one by one: `submission_accept` → `evaluate_submissions([s])` "
            f"({base['sample']} sampled, ×{scale:.1f})",
            n,
            base["accept_seconds"] * scale,
        ),
        ("overall, one by one (extrapolated)", n, (base["file_seconds"] + base["accept_seconds"]) * scale),
    ]
    lines = ["| engine | phase | filings | seconds | filings/s |", "| --- | --- | ---: | ---: | ---: |"]
    for phase, count, seconds in rows:
        lines.append(f"| {batch['db']} | {phase} | {count:,} | {seconds:,.1f} | {count / seconds:,.0f} |")
    return "\n".join(lines)


def bench(engine, filings: int) -> str:
    print(f"{engine.label}: fresh database, demo registry, {filings:,} filings", flush=True)
    try:
        run_worker("setup", engine.url("main"), engine.dir, filings)
        engine.clone()
        batch = run_worker("batch", engine.url("main"), engine.dir, filings)
        base = run_worker("baseline", engine.url("copy"), engine.dir, filings)
    finally:
        engine.drop()
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    speedup = (base["file_seconds"] + base["accept_seconds"]) * batch["filings"] / base["sample"]
    speedup /= batch["file_seconds"] + batch["accept_seconds"]
    return (
        f"### Filings, {engine.label}\n\n{when}; {machine()}; {batch['db']}.\n\n"
        f"{table(engine.label, batch, base)}\n\n"
        f"Batch is {speedup:.1f}× the one-by-one rate overall. The batch run stored {batch['rule_results']:,} rule "
        f"results and opened {batch['warnings']:,} warnings.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres", help="URL of a scratch PostgreSQL database to create and drop")
    parser.add_argument("--filings", type=int, default=FILINGS)
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
    report = bench(engine, args.filings)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"filings-{args.engine}.md").write_text(report, encoding="utf-8")
    print("\n" + report)


if __name__ == "__main__":
    main()
