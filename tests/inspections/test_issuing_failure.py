"""A step that issues documents and fails after they were numbered and stored (here the record of
what was issued cannot be written): its transaction takes back the rows and the numbers, and
`paperwork.issuing` deletes the files, so no numbered DOCX or PDF is left in MEDIA_ROOT that the
register does not hold; the step then succeeds with the same numbers. And one real LibreOffice
conversion of documents built from a real inspection, read back with pdftotext."""

import os
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from finsup.audit.models import AuditEntry
from finsup.documents import pdf
from finsup.documents.models import OfficialDocument
from finsup.documents.pdf import docx_to_pdf_many as libreoffice  # the real one, before `papers` fakes it
from finsup.documents.services import document_pdf_text
from finsup.inspections import services as s
from finsup.inspections.models import IssuedDocument
from tests.documents.issuing import sign_all_open

from .helpers import add_finding, present_and_report, started

REQUIREMENTS = ["逐项整改并报送整改报告"]


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root) for n in names}


def reported(world):
    by = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    add_finding(by, inspection, title="贷款五级分类不准确")
    present_and_report(by, inspection)
    return by, inspection


def test_a_step_failing_after_its_documents_were_stored_leaves_no_file_and_no_number(world, settings):
    by, inspection = reported(world)
    files, documents, entries = media_files(settings), OfficialDocument.objects.count(), AuditEntry.objects.count()
    with (
        mock.patch.object(IssuedDocument.objects, "create", side_effect=DatabaseError("disk I/O error")),
        pytest.raises(DatabaseError),
    ):
        s.inspection_issue_opinion(by=by, inspection=inspection, requirements=REQUIREMENTS)
    assert media_files(settings) == files
    assert OfficialDocument.objects.count() == documents and AuditEntry.objects.count() == entries
    inspection.refresh_from_db()
    assert inspection.status == "reported"

    s.inspection_issue_opinion(by=by, inspection=inspection, requirements=REQUIREMENTS)
    assert len(media_files(settings)) == len(files) + 2  # the two drafts' DOCX
    sign_all_open()  # checked and signed off, oldest first
    numbers = list(IssuedDocument.objects.filter(inspection=inspection).order_by("pk").values_list("number", flat=True))
    year = timezone.localdate().year
    # 检: notice, facts, confirmation and report took 1-4; the letter and the notice take 5 and 6.
    assert numbers[-2:] == [f"兰金办检〔{year}〕5号", f"兰金办检〔{year}〕6号"]


def test_the_opinion_letter_of_a_real_inspection_is_converted_by_libreoffice(world, monkeypatch):
    """The one real conversion of the inspections package (a few seconds): the rest fakes it."""
    by, inspection = reported(world)
    monkeypatch.setattr(pdf, "docx_to_pdf_many", libreoffice)
    s.inspection_issue_opinion(by=by, inspection=inspection, requirements=REQUIREMENTS)
    sign_all_open()
    issued = IssuedDocument.objects.filter(inspection=inspection, kind__in=["opinion_letter", "rectification_notice"])
    assert issued.count() == 2
    for record in issued:
        document = OfficialDocument.objects.get(pk=record.document_id)
        text = "".join(document_pdf_text(document).split())  # pdftotext breaks lines where the layout does
        with document.pdf.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        for expected in (world.inst_lanshan.name, record.number, "贷款五级分类不准确", REQUIREMENTS[0]):
            assert "".join(expected.split()) in text, (record.kind, expected)
