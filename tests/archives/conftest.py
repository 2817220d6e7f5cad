import pytest

from tests.documents.issuing import sign_all_open
from tests.inspections import helpers as h


@pytest.fixture(autouse=True)
def papers(monkeypatch, settings, tmp_path):
    """Official documents go through finsup.documents for real (numbers, files, SHA-256, audit
    entries); only LibreOffice's conversion is replaced by a small PDF of one page."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from finsup.documents import pdf

    def convert(docs, **_):
        return [b"%PDF-1.4\n1 0 obj <</Type /Page>> endobj\n%%" + str(n).encode() for n, _d in enumerate(docs)]

    monkeypatch.setattr(pdf, "docx_to_pdf_many", convert)


def closed_inspection(
    world, *, evidence=(("台账.xlsx", b"ledger 2026"), ("访谈记录.pdf", b"%PDF-1.4 minutes")), sign_off=True
):
    """A Lanshan inspection with working papers, reported without findings and closed: four
    official documents (notice, findings, confirmation, report), checked and signed off unless
    `sign_off` is false, and the papers."""
    office = world.lanshan
    inspection = h.started(office, world.inst_lanshan)
    for name, content in evidence:
        h.upload(office["inspector"], inspection, content=content, name=name)
    h.present_and_report(office["inspector"], inspection)
    from finsup.inspections import services

    closed = services.inspection_close(by=office["inspector"], inspection=inspection, note="未发现问题")
    if sign_off:
        sign_all_open()
    return closed


@pytest.fixture
def closed(world):
    return closed_inspection(world)
