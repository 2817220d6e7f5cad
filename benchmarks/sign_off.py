"""The sign-off step (签发) of an official document: the PDF queued for the worker against the PDF
converted inline (LibreOffice inside the sign-off's transaction, as before issue 17 point 7).

Each round signs off one checked draft with each arm, interleaved A B A B (QUEUED, INLINE, …), on
the same database; the drafts are prepared before the clock starts. A sign-off is timed from the
call to its return, its commit and (QUEUED) the queue's row written on commit included. After the
rounds, the worker (`db_worker --batch`) converts the QUEUED arm's PDFs: its time per document is
what the conversion still costs, now off the request path. The load average is printed before and
after (a shared machine).

Usage:

    .venv/bin/python benchmarks/sign_off.py [--rounds 5]              # SQLite in a temporary directory
    .venv/bin/python benchmarks/sign_off.py --postgres postgres://postgres@127.0.0.1:5432/finsup_bench_signoff

The PostgreSQL database named is created, used and dropped (it must not exist). Needs LibreOffice.
Results: benchmarks/results/sign-off-<engine>.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scratch import scratch_database

HERE = Path(__file__).resolve().parent


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def run(rounds: int) -> tuple[list[tuple[str, str, str, str]], str, str]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from finsup.documents import queue
    from finsup.documents.choices import PdfState
    from finsup.documents.models import OfficialDocument
    from finsup.documents.services import documents_sign_off
    from tests import factories as f
    from tests.documents.issuing import checked_draft

    call_command("migrate", "-v0")
    city = "371300"
    leader = f.make_user("bench_leader", "leader", city)
    f.make_user("bench_lead_supervisor", "lead_supervisor", city)
    inspector = f.make_user("bench_inspector", "inspector", city)
    institution = f.make_institution("371302")
    office = f.office(city)

    def draft():
        return checked_draft(office, institution=institution, by=inspector)

    def sign_off(document, *, inline: bool) -> float:
        started = time.perf_counter()
        if inline:
            with queue.inline():
                documents_sign_off(documents=[document], by=leader)
        else:
            documents_sign_off(documents=[document], by=leader)
        return time.perf_counter() - started

    times: dict[str, list[float]] = {"QUEUED": [], "INLINE": []}
    queued_ids = []
    before = load()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        sign_off(draft(), inline=True)  # warm-up: imports, LibreOffice's first start, caches
        for _ in range(rounds):
            for arm in ("QUEUED", "INLINE"):
                document = draft()
                times[arm].append(sign_off(document, inline=arm == "INLINE"))
                if arm == "QUEUED":
                    queued_ids.append(document.pk)
        pending = OfficialDocument.objects.filter(pk__in=queued_ids, pdf_state=PdfState.PENDING).count()
        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        started = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
        worker = time.perf_counter() - started
        for s, handler in handlers.items():
            signal.signal(s, handler)
        ready = OfficialDocument.objects.filter(pk__in=queued_ids, pdf_state=PdfState.READY).count()
    after = load()

    def row(label, values):
        return (
            label,
            f"{statistics.median(values) * 1000:,.0f}",
            f"{min(values) * 1000:,.0f}–{max(values) * 1000:,.0f}",
            str(len(values)),
        )

    rows = [
        row("sign-off, PDF queued (QUEUED)", times["QUEUED"]),
        row("sign-off, PDF inline (INLINE)", times["INLINE"]),
    ]
    rows.append(
        (
            f"worker: convert + store, per document ({ready} of {pending} pending made ready)",
            f"{worker / max(ready, 1) * 1000:,.0f}",
            "—",
            str(ready),
        )
    )
    ratio = statistics.median(times["INLINE"]) / statistics.median(times["QUEUED"])
    return rows, f"{before} → {after}", f"{ratio:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database is created and dropped")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of A B (at least 3)")
    args = parser.parse_args()
    rounds = max(args.rounds, 3)
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE.parent))  # the tests' factories and issuing helpers
    tmp = Path(tempfile.mkdtemp(prefix="finsup-bench-signoff-"))
    os.environ["FINSUP_VAR_DIR"] = str(tmp)
    print(f"load average (1/5/15 min) before: {load()}", flush=True)
    with scratch_database(args.postgres, tmp) as engine:
        rows, loads, ratio = run(rounds)
    report = "\n".join(
        [
            f"# Sign-off step, {engine} ({datetime.date.today()}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()})",
            "",
            f"Interleaved QUEUED INLINE × {rounds}, one document per sign-off, after one warm-up. "
            f"Load average (1/5/15 min) before → after: {loads}. INLINE / QUEUED (medians): {ratio}×.",
            "",
            "| measure | median ms | min–max ms | n |",
            "| --- | ---: | ---: | ---: |",
            *(f"| {label} | {median} | {spread} | {n} |" for label, median, spread, n in rows),
            "",
        ]
    )
    out = HERE / "results" / f"sign-off-{engine}.md"
    out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
