"""The background tasks of documents, run by `finsup db_worker` (queue.py says how they are queued).
Interfaces only, as views and commands: each calls one service."""

from __future__ import annotations

from django_tasks import task

from finsup.core.request_context import Actor, acting_as

from . import queue
from .services import document_pdf_convert

WORKER = Actor(label="pdf-worker", channel="system")


@task()
def document_pdf_task(document_id: int) -> str:
    """The conversion of one signed-off document's PDF; returns the PDF state it left. A failed
    conversion does not raise: the service counts the attempt and queues the next. The worker's
    conversions are audited as the worker's; one run inline is its caller's (the demo's loader)."""
    if queue.in_caller():
        return document_pdf_convert(document_id=document_id)
    with acting_as(WORKER):
        return document_pdf_convert(document_id=document_id)


queue.register(queue.PDF, document_pdf_task)
