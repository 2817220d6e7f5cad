import datetime

import pytest

from finsup.documents import pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_pdf(monkeypatch):
    """Numbers and sign-off do not need LibreOffice: the converter returns a stand-in."""
    monkeypatch.setattr(pdf, "docx_to_pdf_many", lambda docs, **_: [b"%PDF-1.4 fake\n" for _d in docs])


class Clock:
    """The platform's clock fixed on a day at 09:00 in Linyi (01:00 UTC): `clock.on("2026-12-09")`."""

    def __init__(self, monkeypatch):
        self.now = None
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)
        self.on("2026-12-01")

    def on(self, day: str, hour: int = 9) -> datetime.datetime:
        local = datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00")
        self.now = local.astimezone(datetime.UTC)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
