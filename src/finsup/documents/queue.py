"""Queueing the background work of documents (the PDF of a signed-off document), for the services.

The queue is Django's tasks API (the `django_tasks` backport of Django 6's `django.tasks`) on the
database backend (`django_tasks_db`): a task is a row in the same database, written when the
sign-off commits, and `finsup db_worker` runs it (README, "Background worker"). The task itself is
in `tasks.py`, which calls the services; it registers here when the app is ready, so that the
services, which queue it, do not import it back.

Two ways run the conversion at once instead of queueing it:
- the immediate backend (settings TASKS, as the test settings have it) runs a task when it is
  enqueued, inside the caller's transaction;
- `inline()` (the demo loader, which converts with its own plain renderer in the same process,
  and the benchmark's "inline" arm) calls the conversion directly.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

_INLINE: ContextVar[bool] = ContextVar("documents_pdf_inline", default=False)
_TASKS: dict = {}  # name → Task, filled by tasks.py (apps.DocumentsConfig.ready)
PDF = "pdf"


def register(name: str, task) -> None:
    _TASKS[name] = task


@contextlib.contextmanager
def inline() -> Iterator[None]:
    """Within the block, a PDF is converted when it is queued, in the caller's process and
    transaction (retries at once, without the back-off)."""
    token = _INLINE.set(True)
    try:
        yield
    finally:
        _INLINE.reset(token)


def in_caller() -> bool:
    """Whether a conversion runs as part of its caller's step (`inline()`: the demo's loader), audited
    under the caller rather than the worker."""
    return _INLINE.get()


def runs_at_once() -> bool:
    return _INLINE.get() or isinstance(_TASKS[PDF].get_backend(), ImmediateBackend)


def enqueue_pdf(document_id: int, *, delay: datetime.timedelta | None = None) -> None:
    """Queues the conversion once the current transaction commits (a rolled-back sign-off queues
    nothing); at once under `inline()` or the immediate backend."""
    task = _TASKS[PDF]
    if _INLINE.get():
        task.call(document_id)
    elif runs_at_once():
        task.enqueue(document_id)
    else:
        # The worker compares run_after with the real time, not the platform's clock.
        queued = task.using(run_after=timezone.now() + delay) if delay else task
        transaction.on_commit(lambda: queued.enqueue(document_id))
