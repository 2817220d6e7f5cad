import datetime

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


class Clock:
    """The platform's clock in a test: `clock.at("2026-09-01T16:10:00Z")` makes timezone.now()
    (and so localdate(), Asia/Shanghai) answer that moment until it is set again. It starts on
    2026-08-03 at 09:00 local time."""

    def __init__(self, monkeypatch):
        self.now = datetime.datetime.fromisoformat("2026-08-03T01:00:00Z")
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)

    def at(self, moment: str) -> datetime.datetime:
        self.now = datetime.datetime.fromisoformat(moment)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
