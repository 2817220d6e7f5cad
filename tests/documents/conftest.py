import pytest

from finsup.documents import pdf
from tests import factories as f
from tests.conftest import CITY, LANSHAN

FAKE_PDF = b"%PDF-1.4 fake\n"


@pytest.fixture
def fake_pdf(monkeypatch):
    """Numbering and locking do not need LibreOffice: the converter returns a stand-in."""
    calls = []

    def convert(docs, **_):
        calls.append(len(docs))
        return [FAKE_PDF + bytes(str(i), "ascii") for i, _ in enumerate(docs)]

    monkeypatch.setattr(pdf, "docx_to_pdf_many", convert)
    return calls


@pytest.fixture
def offices(world):
    return f.office(CITY), f.office(LANSHAN)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """A media folder per test: stored names are predictable (the storage never overwrites)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def database_queue(settings):
    """The queue of the served platform (django-tasks-db) instead of the test settings' immediate
    backend: a sign-off queues its PDF when it commits (a transactional test) and converts nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
