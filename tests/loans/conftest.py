import pytest


@pytest.fixture(autouse=True)
def _loan_store(settings, tmp_path):
    """Each test its own loan store, inbox and no kept raw files."""
    settings.FINSUP_LOAN_STORE = tmp_path / "loan-store"
    settings.FINSUP_LOAN_INBOX = tmp_path / "loan-inbox"
    settings.FINSUP_LOAN_RAW_KEEP_DIR = ""
    return settings.FINSUP_LOAN_STORE
