import datetime

import pytest


@pytest.fixture
def clock(monkeypatch):
    """Sets the platform's clock: clock(datetime) makes timezone.now() and localdate() answer it."""

    def set_to(moment: datetime.datetime):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return set_to
