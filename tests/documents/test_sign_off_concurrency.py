"""Issue 17's acceptance: 200 concurrent sign-offs in one office and year on PostgreSQL give 200
distinct consecutive numbers. Twelve threads, each with its own connection, take checked drafts
from one queue and sign them off as the office's leader, on the served platform's path (the PDFs
queued for the worker, not converted). The counter row's lock orders them; nothing else may."""

import queue
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from finsup.documents.choices import DocumentStatus, PdfState
from finsup.documents.models import DocumentCounter, OfficialDocument

from .issuing import checked_draft, signed_off

DOCUMENTS = 200
THREADS = 12


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: concurrent transactions and row locks are tested"
)
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_sign_offs_get_the_numbers_1_to_200(world, offices, database_queue):
    city, _ = offices
    leader = world.city["leader"]
    drafts = queue.Queue()
    for _ in range(DOCUMENTS):
        drafts.put(checked_draft(city, institution=world.inst_lanshan, by=world.city["inspector"]))
    start = threading.Barrier(THREADS)
    numbers, errors = [], []

    def sign_off_from_queue():
        try:
            start.wait()
            while True:
                try:
                    document = drafts.get_nowait()
                except queue.Empty:
                    return
                final = signed_off(document, by=leader)
                numbers.append((final.seq, final.number))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_off_from_queue) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sorted(seq for seq, _number in numbers) == list(range(1, DOCUMENTS + 1))
    assert len({number for _seq, number in numbers}) == DOCUMENTS
    finals = OfficialDocument.objects.filter(office=city, status=DocumentStatus.FINAL)
    assert sorted(finals.values_list("seq", flat=True)) == list(range(1, DOCUMENTS + 1))
    assert set(finals.values_list("pdf_state", flat=True)) == {PdfState.PENDING}  # queued, not converted
    assert DocumentCounter.objects.get(office=city, word="检").last == DOCUMENTS
    assert DBTaskResult.objects.count() == DOCUMENTS
