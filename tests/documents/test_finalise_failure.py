"""Finalising a document when a later step fails: LibreOffice missing, failing, crashing or
hanging, the storage refusing the second file, the audit entry failing. An official numbering
register has no gaps, so the number, the document row, the stored files and the audit entry
commit together or not at all: after the failure the draft is as it was, no file was added to
MEDIA_ROOT, no audit entry was written, and the next finalisation gets the number the failed one
would have had. Both databases (the conversion runs in-process; the failing LibreOffice is a
real subprocess)."""

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
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.documents.models import DocumentCounter, OfficialDocument

from .issuing import checked, signed_off
from .samples import SAMPLES

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


def _second_file_refused(monkeypatch, tmp_path):
    _converted(monkeypatch)
    real, calls = default_storage.save, []

    def save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:  # the DOCX is stored, the PDF is not
            raise OSError(28, "No space left on device")
        return real(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", save)


def _audit_fails(monkeypatch, tmp_path):
    _converted(monkeypatch)
    # The finalisation's entry is written by the lifecycle helper's audit writer.
    monkeypatch.setattr(lifecycle, "_audit_writer", mock.Mock(side_effect=DatabaseError("disk I/O error")))


FAILURES = {
    "LibreOffice missing": (_missing, pdf.PdfUnavailable),
    "LibreOffice fails": (
        _converter_fails("echo 'Error: source file could not be loaded' >&2; exit 1"),
        pdf.PdfUnavailable,
    ),
    "LibreOffice crashes": (_converter_fails("kill -9 $$"), pdf.PdfUnavailable),
    "LibreOffice hangs": (_hangs, pdf.PdfUnavailable),
    "the PDF cannot be stored": (_second_file_refused, OSError),
    "the audit entry fails": (_audit_fails, DatabaseError),
}


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root) for n in names}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_finalisation_takes_no_number_stores_nothing_and_audits_nothing(
    failure, world, offices, monkeypatch, tmp_path, settings
):
    city, _ = offices
    leader = world.city["leader"]
    document = checked(
        services.document_draft(
            kind=NOTICE,
            office=city,
            institution=world.inst_lanshan,
            context=SAMPLES[NOTICE],
            by=world.city["inspector"],
        )
    )
    row, files, entries = (
        OfficialDocument.objects.values().get(pk=document.pk),
        media_files(settings),
        AuditEntry.objects.count(),
    )

    inject, error = FAILURES[failure]
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
