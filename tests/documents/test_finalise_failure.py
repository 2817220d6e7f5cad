"""Signing a document off when a step fails.

The sign-off itself (number, numbered DOCX, audit entry) commits together or not at all: an official
numbering register has no gaps, so when storing the DOCX or writing the audit entry fails, the draft
is as it was, no file was added to MEDIA_ROOT, no audit entry was written, and the next sign-off
gets the number the failed one would have had.

The PDF is made afterwards by the worker (here the immediate backend runs it at once, inside the
test's transaction): LibreOffice missing, failing, crashing or hanging, or the storage refusing the
PDF, leaves the signed-off document with its number, no PDF file and no PDF SHA-256, after
PDF_ATTEMPTS attempts; it is then failed, audited, the signer is told, and staff can retry. Both
databases (the failing LibreOffice is a real subprocess)."""

import os
import stat
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.utils import timezone

from finsup.audit.models import AuditEntry
from finsup.core import lifecycle
from finsup.documents import pdf, services
from finsup.documents.choices import DocumentKind, DocumentStatus, PdfState
from finsup.documents.models import DocumentCounter, OfficialDocument
from finsup.notifications.models import Notification

from .issuing import checked_draft, signed_off

NOTICE = DocumentKind.INSPECTION_NOTICE


def fake_soffice(tmp_path, body: str) -> str:
    """A stand-in for the soffice binary: a script run as LibreOffice would be."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def _converter_fails(body: str):
    def inject(monkeypatch, tmp_path):
        monkeypatch.setattr(pdf, "soffice_binary", lambda: fake_soffice(tmp_path, body))

    return inject


def _missing(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "soffice_binary", lambda: None)


def _hangs(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(pdf, "soffice_binary", lambda: fake_soffice(tmp_path, "exec sleep 30"))


def _converted(monkeypatch):
    monkeypatch.setattr(pdf, "docx_to_pdf_many", lambda docs, **_: [b"%PDF-1.4 fake\n" for _d in docs])


def _refuse(suffix: str):
    def inject(monkeypatch, tmp_path):
        _converted(monkeypatch)
        real = default_storage.save

        def save(name, content, **kwargs):
            if name.endswith(suffix) and "-draft" not in name:
                raise OSError(28, "No space left on device")
            return real(name, content, **kwargs)

        monkeypatch.setattr(default_storage, "save", save)

    return inject


def _audit_fails(monkeypatch, tmp_path):
    _converted(monkeypatch)
    # The finalisation's entry is written by the lifecycle helper's audit writer.
    monkeypatch.setattr(lifecycle, "_audit_writer", mock.Mock(side_effect=DatabaseError("disk I/O error")))


SIGN_OFF_FAILURES = {
    "the numbered DOCX cannot be stored": (_refuse(".docx"), OSError),
    "the audit entry fails": (_audit_fails, DatabaseError),
}
PDF_FAILURES = {
    "LibreOffice missing": _missing,
    "LibreOffice fails": _converter_fails("echo 'Error: source file could not be loaded' >&2; exit 1"),
    "LibreOffice crashes": _converter_fails("kill -9 $$"),
    "LibreOffice hangs": _hangs,
    "the PDF cannot be stored": _refuse(".pdf"),
}


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root) for n in names}


def _checked_notice(world, offices):
    return checked_draft(offices[0], institution=world.inst_lanshan, by=world.city["inspector"])


@pytest.mark.parametrize("failure", SIGN_OFF_FAILURES)
def test_a_failed_sign_off_takes_no_number_stores_nothing_and_audits_nothing(
    failure, world, offices, monkeypatch, tmp_path, settings
):
    leader = world.city["leader"]
    document = _checked_notice(world, offices)
    row, files, entries = (
        OfficialDocument.objects.values().get(pk=document.pk),
        media_files(settings),
        AuditEntry.objects.count(),
    )

    inject, error = SIGN_OFF_FAILURES[failure]
    with monkeypatch.context() as patched:
        inject(patched, tmp_path)
        with pytest.raises(error):
            signed_off(document, by=leader)

    assert OfficialDocument.objects.values().get(pk=document.pk) == row  # still checked, no number
    assert media_files(settings) == files  # only the draft's DOCX
    assert AuditEntry.objects.count() == entries
    assert not DocumentCounter.objects.filter(last__gt=0).exists()

    _converted(monkeypatch)
    final = signed_off(document, by=leader)
    assert final.status == DocumentStatus.FINAL
    assert final.number == f"临金办检〔{timezone.localdate().year}〕1号"  # the number the failed attempt would have had


@pytest.mark.parametrize("failure", PDF_FAILURES)
def test_a_failed_pdf_is_retried_then_failed_and_reported_never_half_stored(
    failure, world, offices, monkeypatch, tmp_path, settings
):
    leader = world.city["leader"]
    document = _checked_notice(world, offices)
    with monkeypatch.context() as patched:
        PDF_FAILURES[failure](patched, tmp_path)
        signed_off(document, by=leader)

    final = OfficialDocument.objects.get(pk=document.pk)
    assert final.status == DocumentStatus.FINAL and final.number.endswith("〔" + str(final.year) + "〕1号")
    assert final.pdf_state == PdfState.FAILED
    assert final.pdf_attempts == services.PDF_ATTEMPTS
    assert final.pdf_error  # for people, in the interface's language
    assert (final.pdf.name, final.pdf_sha256) == ("", "")
    assert not [name for name in media_files(settings) if name.endswith(".pdf")]
    failed = AuditEntry.objects.filter(object_id=str(final.pk), changes__pdf_state__1=PdfState.FAILED)
    assert failed.count() == 1
    assert Notification.objects.filter(user=leader, url=f"/documents/{final.pk}/pdf").count() == 1

    _converted(monkeypatch)  # LibreOffice is back: staff make it again
    ready = services.document_pdf_retry(document=final, by=world.city["lead_supervisor"])
    ready.refresh_from_db()
    assert ready.pdf_state == PdfState.READY and ready.pdf_attempts == 1 and ready.pdf_error == ""
    with ready.pdf.open("rb") as handle:
        assert services._sha256(handle.read()) == ready.pdf_sha256
