"""The PDF of a sign-off on the real database queue (django-tasks-db), as served: the sign-off
numbers the document, stores its DOCX and answers without converting; the PDF is queued when the
transaction commits, and the worker (`finsup db_worker --batch`) converts it and stores it with its
SHA-256. A transactional test: the queue is written on commit, and the worker runs its own
transactions. The other tests of documents run the immediate backend (config/settings/test.py)."""

import datetime
import hashlib
import io
import signal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from finsup.documents import services
from finsup.documents.choices import DocumentStatus, PdfState
from finsup.documents.models import OfficialDocument

from .conftest import FAKE_PDF
from .issuing import checked_draft, signed_off


def run_worker() -> None:
    """The worker's command in batch mode: every task due, then it exits. It installs its own
    handlers for Ctrl-C and SIGTERM; the test process gets its own back."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)


@pytest.mark.django_db(transaction=True)
def test_the_sign_off_queues_the_pdf_and_the_worker_stores_it(world, offices, fake_pdf, database_queue):
    city, _ = offices
    leader = world.city["leader"]
    document = checked_draft(city, institution=world.inst_lanshan, by=world.city["inspector"])

    final = signed_off(document, by=leader)

    assert fake_pdf == []  # the step answered without converting
    final.refresh_from_db()
    assert final.status == DocumentStatus.FINAL and final.number and final.docx_sha256
    assert (final.pdf_state, final.pdf.name, final.pdf_sha256) == (PdfState.PENDING, "", "")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    with pytest.raises(services.ApplicationError):
        services.document_pdf_text(final)

    client = Client()
    client.force_login(leader)
    page = client.get(f"/documents/{final.pk}/pdf")  # a page that says so, not a file nor a 404
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert f'hx-get="/documents/{final.pk}/pdf/status"' in page.content.decode()

    run_worker()

    assert fake_pdf == [1]
    final.refresh_from_db()
    assert final.pdf_state == PdfState.READY and final.pdf_attempts == 1
    with final.pdf.open("rb") as handle:
        content = handle.read()
    assert content == FAKE_PDF + b"0"
    assert final.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    status = client.get(f"/documents/{final.pk}/pdf/status").content.decode()
    assert f'href="/documents/{final.pk}/pdf"' in status and "hx-get" not in status  # polling stops
    assert client.get(f"/documents/{final.pk}/pdf")["Content-Type"] == "application/pdf"

    run_worker()  # nothing left: a second run converts nothing
    assert fake_pdf == [1] and OfficialDocument.objects.get(pk=final.pk).pdf_sha256 == final.pdf_sha256


def test_the_check_lists_late_pdfs_and_queues_a_lost_task_again(
    world, offices, fake_pdf, database_queue, django_capture_on_commit_callbacks
):
    city, _ = offices
    document = checked_draft(city, institution=world.inst_lanshan, by=world.city["inspector"])
    final = signed_off(document, by=world.city["leader"])  # its task is lost: the commit never came
    assert not DBTaskResult.objects.exists()
    call_command("documents", "pdfs", stdout=io.StringIO())  # signed off just now: not late yet

    OfficialDocument.objects.filter(pk=final.pk).update(finalised_at=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit) as exit_:
        call_command("documents", "pdfs", "--requeue", stdout=out)
    assert exit_.value.code == 3
    assert final.number in out.getvalue() and "1 pending PDFs queued again" in out.getvalue()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert fake_pdf == []
