"""gunicorn's settings for finsup, sized for the machine it runs on: `make run` and the systemd
unit both start gunicorn with `-c python:finsup.config.gunicorn`.

Threaded workers (gthread): a page spends much of its time waiting for the database, and a thread
that waits lets another run, so a few processes with a few threads each serve more users at once
than the same memory spent on processes. Processes: 2 × the cores this process may use + 1 (the
usual rule for a server that also waits on I/O); threads: 4 each. FINSUP_WEB_WORKERS and
FINSUP_WEB_THREADS override them (benchmarks/web.py measures the choice). Everything else (bind
address, timeout, logs) stays on the command line, where the unit and the Makefile show it."""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (containers, taskset)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


workers = int(os.environ.get("FINSUP_WEB_WORKERS") or 2 * _cores() + 1)
threads = int(os.environ.get("FINSUP_WEB_THREADS") or 4)
worker_class = "gthread"
