"""Web load: logged-in users of each role on the main pages and API lists, served by gunicorn as
`make run` serves it, on PostgreSQL with the demo data at 1× and at 10× its filings.

    .venv/bin/python benchmarks/web.py --postgres postgres://postgres@127.0.0.1:5432
    make bench-web

Two scratch databases are made on that server (finsup_web_1x, finsup_web_10x; `--keep` leaves
them for the next run, which then reuses them): each migrated and loaded with the demo as of today;
the second then gets nine more copies of every institution's filings, each moved back by the years
the demo's filings span once more (ten times the filings and the years of history): that is how to
make the 10× data (`scale_filings`).

Two servers are compared, each started fresh for each run: the sizing `make run` used before
(3 synchronous workers) and `finsup.config.gunicorn` (threaded workers sized for the cores). The
runs are interleaved: round after round, every (data, server) pair once (A B C D A B C D …), the
median over `--rounds` of each figure, the load average printed with each run.

The users (`--users`, 50 by default) are threads of this process, each logged in as one of the
demo's supervisors, clerks or institution users (sessions made with Django's own `force_login`,
API tokens with the platform's service), each opening its role's pages in turn with a pause of
`--think` seconds on average between two (1 to 3 s: people read what they opened). Each run warms
up (every page once per login) before `--seconds` of measured load. Reported per page: requests,
p50/p95/p99 in ms, errors (anything but 200); per run: requests/s. The table goes to stdout and to
benchmarks/results/web-<date>.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS, TARGET_GROWTH = 100, 1.3
HISTORY_COPIES = 9  # 10× the filings

# The pages of each role, and how many of the users are of that role (shares of --users).
STAFF_PAGES = [
    "/dashboard/",
    "/notifications/",
    "/filings/",
    "/filings/overdue/",
    "/institutions/",
    "/warnings/",
    "/accountability/",
    "api:/api/v1/filings",
    "api:/api/v1/institutions/",
]
INSTITUTION_PAGES = ["/dashboard/", "/notifications/", "/filings/", "api:/api/v1/filings"]
ROLES = {
    "city_supervisor": (STAFF_PAGES, 0.2),
    "city_clerk": (STAFF_PAGES, 0.2),
    "lanshan_supervisor": (STAFF_PAGES, 0.2),
    "lanshan_clerk": (STAFF_PAGES, 0.1),
    "inst_clerk": (INSTITUTION_PAGES, 0.3),
}
SERVERS = {
    "3 sync workers": ["--workers", "3"],
    "sized (finsup.config.gunicorn)": ["-c", "python:finsup.config.gunicorn"],
}


# ---------------------------------------------------------------- the data


def _env(url: str, var_dir: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "FINSUP_VAR_DIR": var_dir, "PYTHONUNBUFFERED": "1"}


def _psql(server: str, sql: str) -> None:
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", f"{server}/postgres", "-c", sql], check=True)


def prepare(server: str, scale: int, var_dir: str, reuse: bool) -> str:
    """The database of one scale, made (or reused when --keep left it complete)."""
    name = f"finsup_web_{scale}x"
    url = f"{server}/{name}"
    done = subprocess.run(
        ["psql", "-qtAX", url, "-c", "SELECT value FROM finsup_bench_done"], capture_output=True, text=True
    )
    if reuse and done.returncode == 0 and done.stdout.strip() == str(scale):
        print(f"{name}: reused")
        return url
    _psql(server, f"DROP DATABASE IF EXISTS {name}")
    _psql(server, f"CREATE DATABASE {name}")
    env = _env(url, var_dir)
    started = time.perf_counter()
    subprocess.run([BIN / "finsup", "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([BIN / "finsup", "demo", "load"], env=env, check=True, stdout=subprocess.DEVNULL)
    if scale > 1:
        scale_filings(url, scale - 1)
    subprocess.run(["psql", "-qX", url, "-c", "VACUUM ANALYZE"], check=True)
    subprocess.run(["psql", "-qX", url, "-c", f"CREATE TABLE finsup_bench_done AS SELECT {scale} AS value"], check=True)
    print(f"{name}: made in {time.perf_counter() - started:.0f} s")
    return url


def scale_filings(url: str, copies: int) -> None:
    """Adds `copies` copies of every institution's filings (every version, figures included), copy
    k moved back by k times the years the demo's filings span: the history of a city that has
    filed for that much longer, every filing of it reviewed (confirmed, or superseded by its
    correction). The copies' corrections link to nothing (`supersedes` empty); the
    filings' events, breaches and rule results are not copied (the pages read the filings' rows)."""
    columns = (
        "institution_id, office_id, report_code, report_version, version, correction_reason, values, "
        "channel, submitted_by_id, document_id"
    )
    sql = f"""
    WITH span AS (
        SELECT (EXTRACT(YEAR FROM max(period_end)) - EXTRACT(YEAR FROM min(period_start)) + 1)::int AS years
        FROM reporting_submission WHERE institution_id IS NOT NULL
    )
    INSERT INTO reporting_submission ({columns}, status, period_start, period_end, submitted_at, status_changed_at)
    SELECT {columns},
           CASE WHEN status = 'superseded' THEN status ELSE 'confirmed' END,
           (period_start - make_interval(years => k * span.years))::date,
           ((period_end + 1) - make_interval(years => k * span.years))::date - 1,
           submitted_at - make_interval(years => k * span.years),
           status_changed_at - make_interval(years => k * span.years)
    FROM reporting_submission, span, generate_series(1, {copies}) AS k
    WHERE institution_id IS NOT NULL;
    """
    subprocess.run(["psql", "-qX", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True)
    out = subprocess.run(
        ["psql", "-qtAX", url, "-c", "SELECT count(*) FROM reporting_submission"], capture_output=True, text=True
    )
    print(f"  filings after {copies} more copies: {int(out.stdout):,}")


def credentials(url: str, var_dir: str) -> dict:
    """Per demo login of ROLES: a session cookie and an API token (made by a worker process)."""
    out = subprocess.run(
        [sys.executable, __file__, "--worker-credentials"],
        env=_env(url, var_dir),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worker_credentials() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsup.config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from finsup.accounts.tokens import api_token_create

    result = {}
    for username in ROLES:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        result[username] = {"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "token": ""}
        if user.is_institution_user:  # the institution's system calls with a token; staff with their session
            _, result[username]["token"] = api_token_create(
                by=user, name=f"benchmark {datetime.datetime.now():%Y%m%d%H%M%S}"
            )
    print(json.dumps(result))


# ---------------------------------------------------------------- a run


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(server_args: list[str], url: str, var_dir: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = open(Path(var_dir) / "gunicorn.log", "ab")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [BIN / "gunicorn", "finsup.config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--timeout", "120"]
        + server_args,
        env=_env(url, var_dir),
        stdout=log,
        stderr=log,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn did not answer on {base} (log: {log.name})")


def _get(base: str, page: str, cred: dict) -> int:
    if page.startswith("api:") and cred["token"]:
        request = urllib.request.Request(base + page[4:], headers={"Authorization": f"Bearer {cred['token']}"})
    elif page.startswith("api:"):
        request = urllib.request.Request(base + page[4:], headers={"Cookie": f"sessionid={cred['session']}"})
    else:
        request = urllib.request.Request(
            base + page, headers={"Cookie": f"sessionid={cred['session']}", "Accept-Language": "zh-hans"}
        )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def _users(n: int) -> list[str]:
    out = []
    for username, (_, share) in ROLES.items():
        out += [username] * max(1, round(n * share))
    return out[:n]


def load(base: str, creds: dict, *, users: int, seconds: float, think: float, seed: int) -> dict:
    """Warm-up (every page once per login), then `users` threads for `seconds`; per page the
    latencies in ms and the errors."""
    for username, (pages, _) in ROLES.items():
        for page in pages:
            _get(base, page, creds[username])
    latencies, errors, lock = defaultdict(list), defaultdict(int), threading.Lock()
    stop_at = time.perf_counter() + seconds

    def user(username: str, n: int):
        rng = random.Random(seed * 1000 + n)
        pages = ROLES[username][0]
        i = rng.randrange(len(pages))
        time.sleep(rng.uniform(0, think))  # arrivals spread over the first pause
        while time.perf_counter() < stop_at:
            page = pages[i % len(pages)]
            started = time.perf_counter()
            status = _get(base, page, creds[username])
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies[page].append(took)
                if status != 200:
                    errors[page] += 1
            i += 1
            time.sleep(rng.uniform(think * 0.5, think * 1.5))

    threads = [threading.Thread(target=user, args=(u, n)) for n, u in enumerate(_users(users))]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    return {"latencies": dict(latencies), "errors": dict(errors), "rps": total / wall}


def _q(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# ---------------------------------------------------------------- the parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a user's requests, s")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the databases (and reuse kept ones)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker-credentials", action="store_true")
    args = parser.parse_args(argv)
    if args.worker_credentials:
        _worker_credentials()
        return 0

    # The var directory holds the keys the demo's personal data were encrypted with: kept databases
    # keep theirs (a fixed directory), a run without --keep takes a fresh one.
    if args.keep:
        var_dir = str(Path(tempfile.gettempdir()) / "finsup-bench-web")
        Path(var_dir).mkdir(exist_ok=True)
    else:
        var_dir = tempfile.mkdtemp(prefix="finsup-bench-web-")
    scales = (1, 10)
    urls = {s: prepare(args.postgres, s, var_dir, args.keep) for s in scales}
    # As `make run`: the static files collected (the pages name them through the manifest).
    subprocess.run([BIN / "finsup", "collectstatic", "--noinput", "-v0"], env=_env(urls[1], var_dir), check=True)
    creds = {s: credentials(urls[s], var_dir) for s in scales}
    results: dict[tuple[int, str], list[dict]] = defaultdict(list)
    loads = []
    for round_no in range(1, args.rounds + 1):
        for scale in scales:
            for name, server_args in SERVERS.items():
                proc, base = _start(server_args, urls[scale], var_dir)
                try:
                    run = load(
                        base, creds[scale], users=args.users, seconds=args.seconds, think=args.think, seed=round_no
                    )
                finally:
                    proc.terminate()
                    proc.wait(timeout=60)
                results[(scale, name)].append(run)
                loads.append(os.getloadavg()[0])
                p95 = _q([x for v in run["latencies"].values() for x in v], 0.95)
                print(
                    f"  round {round_no} {scale}× {name}: {run['rps']:.1f} req/s, p95 {p95:.0f} ms, "
                    f"errors {sum(run['errors'].values())}, load {loads[-1]:.2f}",
                    flush=True,
                )
    text = report(results, args, loads)
    print()
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"web-{datetime.date.today():%Y-%m-%d}.md"
        out.write_text(text)
        print(f"written to {out.relative_to(ROOT)}")
    if not args.keep:
        for scale in scales:
            _psql(args.postgres, f"DROP DATABASE IF EXISTS finsup_web_{scale}x")
    return 0


def report(results: dict, args, loads: list[float]) -> str:
    """Per (data, server): requests/s (median of the rounds); per page p50/p95/p99 (median of the
    rounds' percentiles) and errors (all rounds)."""
    pages = list(dict.fromkeys(STAFF_PAGES + INSTITUTION_PAGES))
    now = datetime.datetime.now().astimezone()
    lines = [
        f"# Web benchmark, {now:%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {os.cpu_count()} cores; Python {platform.python_version()}; PostgreSQL on the same machine. "
        f"{args.users} users ({', '.join(f'{u} {c}' for u, c in Counter(_users(args.users)).items())}), "
        f"a pause of {args.think:g} s on average between two requests of a user, {args.seconds:g} s measured per "
        f"run after a warm-up; {args.rounds} interleaved rounds, medians. Load average after each run: "
        f"{', '.join(f'{x:.1f}' for x in loads)}.",
        "",
    ]
    for name in SERVERS:
        lines += [f"## {name}", ""]
        header = "| page | " + " | ".join(f"{s}× p50 / p95 / p99 ms" for s in (1, 10)) + " | p95 10× ÷ 1× | errors |"
        lines += [header, "| --- | ---: | ---: | ---: | ---: |"]
        for page in pages:
            cells, p95s, errors = [], [], 0
            for scale in (1, 10):
                runs = results[(scale, name)]
                qs = [[_q(r["latencies"].get(page, [0]), q) for r in runs] for q in (0.5, 0.95, 0.99)]
                p50, p95, p99 = (statistics.median(x) for x in qs)
                p95s.append(p95)
                errors += sum(r["errors"].get(page, 0) for r in runs)
                cells.append(f"{p50:.0f} / {p95:.0f} / {p99:.0f}")
            growth = f"{p95s[1] / p95s[0]:.2f}" if p95s[0] else "—"
            lines.append(f"| {page.replace('api:', 'API ')} | {' | '.join(cells)} | {growth} | {errors} |")
        rps = [statistics.median(r["rps"] for r in results[(s, name)]) for s in (1, 10)]
        lines += ["", f"Requests/s: 1× {rps[0]:.1f}, 10× {rps[1]:.1f}.", ""]
    lines.append(
        f"Targets: p95 < {TARGET_P95_MS} ms for every page and API list at {args.users} users; "
        f"p95 at 10× ≤ {TARGET_GROWTH} × p95 at 1×."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
