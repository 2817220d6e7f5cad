import pytest

from tests import factories as f
from tests.inspections.conftest import papers  # noqa: F401  documents drafted for real, the PDF faked

PROVINCE = "370000"


@pytest.fixture
def province(db):
    """One user per staff role at the provincial office."""
    return f.all_roles_in(PROVINCE, "province")
