"""The case file of an inspection: a ZIP with its documents (DOCX+PDF), the evidence with an index
of names and SHA-256, the timeline and a PDF index (LibreOffice for real here), audited."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from finsup.audit.models import AuditEntry
from finsup.core.errors import PermissionDenied
from finsup.documents import pdf
from finsup.inspections.models import IssuedDocument
from finsup.inspections.services.casefile import casefile_build
from tests.documents.issuing import sign_all_open

from . import helpers as h

REAL_CONVERSION = pdf.docx_to_pdf_many  # the package conftest fakes it for the procedure's own documents


@pytest.fixture
def inspection(world):
    office = world.lanshan
    inspection = h.started(office, world.inst_lanshan)
    h.upload(office["inspector"], inspection, content=b"ledger 2026", name="台账.xlsx")
    h.upload(office["inspector"], inspection, content=b"minutes", name="访谈记录.pdf")
    h.add_finding(office["inspector"], inspection)
    h.present_and_report(office["inspector"], inspection)
    return inspection


def _zip(content):
    return zipfile.ZipFile(io.BytesIO(content))


def test_the_case_file_holds_documents_evidence_timeline_and_a_pdf_index(world, inspection, monkeypatch):
    monkeypatch.setattr(pdf, "docx_to_pdf_many", REAL_CONVERSION)
    sign_all_open()
    content = casefile_build(inspection, world.lanshan["inspector"])
    archive = _zip(content)
    names = archive.namelist()
    issued = list(IssuedDocument.objects.filter(inspection=inspection).order_by("issued_at", "pk"))
    assert issued and all(i.number for i in issued)
    for n, doc in enumerate(issued, start=1):
        assert f"documents/{n:02d}-{doc.kind}.docx" in names
        assert f"documents/{n:02d}-{doc.kind}.pdf" in names
    assert archive.read("evidence/001-台账.xlsx") == b"ledger 2026"
    assert archive.read("evidence/002-访谈记录.pdf") == b"minutes"
    assert {"evidence-index.csv", "timeline.csv", "index.docx", "index.pdf", "SHA256SUMS"} <= set(names)

    sums = dict(reversed(line.split("  ", 1)) for line in archive.read("SHA256SUMS").decode().splitlines())
    assert set(sums) == set(names) - {"index.pdf", "SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
    rows = list(csv.reader(io.StringIO(archive.read("evidence-index.csv").decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["台账.xlsx", "访谈记录.pdf"]
    assert rows[1][2] == hashlib.sha256(b"ledger 2026").hexdigest()
    assert "检查" in archive.read("timeline.csv").decode("utf-8-sig")

    text = pdf.pdf_text(archive.read("index.pdf")).replace(" ", "")
    assert world.inst_lanshan.name in text.replace("\n", "")
    for doc in issued:
        assert doc.number in text
    assert hashlib.sha256(b"minutes").hexdigest()[:16] in text

    entry = AuditEntry.objects.filter(action="export", object_id=str(inspection.pk)).get()
    assert entry.changes["sha256"][1] == hashlib.sha256(content).hexdigest()


def test_only_staff_over_the_institution_may_export(world, inspection):
    for user in (world.luozhuang["leader"], world.clerk_lanshan_inst):
        with pytest.raises(PermissionDenied):
            casefile_build(inspection, user)


def test_the_download_is_a_post_and_out_of_scope_is_404(world, inspection, client, monkeypatch):
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda docx: b"%PDF-1.4 index")
    url = reverse("measures:casefile", args=[inspection.pk])
    client.force_login(world.city["auditor"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"inspection-{inspection.pk}-casefile.zip" in response["Content-Disposition"]
    assert _zip(response.content).read("index.pdf") == b"%PDF-1.4 index"
    for user in (world.luozhuang["leader"], world.clerk_lanshan_inst):
        client.force_login(user)
        assert client.post(url).status_code == 404
