import pytest

from finsup.inspections import paperwork


@pytest.fixture(autouse=True)
def papers(monkeypatch, settings, tmp_path):
    """Documents go through finsup.documents for real (the contexts must pass its checks and get
    numbers); only the PDF conversion by LibreOffice is replaced. Returns the kinds issued."""
    settings.MEDIA_ROOT = tmp_path / "media"
    issued: list[str] = []
    real = paperwork._documents_backend
    from finsup.documents import pdf

    monkeypatch.setattr(pdf, "docx_to_pdf_many", lambda docs, **_: [b"%PDF-1.4 fake\n" for _d in docs])

    def backend(requests, by):
        issued.extend(r.kind for r in requests)
        return real(requests, by)

    monkeypatch.setattr(paperwork, "backend", backend)
    return issued
