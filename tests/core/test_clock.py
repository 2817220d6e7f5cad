import datetime

import pytest

from finsup.core import clock

MOMENT = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)  # 01:30 on 2 March in Shanghai


def test_at_sets_now_and_the_local_date_then_restores():
    before = clock.now()
    with clock.at(MOMENT):
        assert clock.now() == MOMENT
        assert clock.today() == datetime.date(2026, 3, 2)
        with clock.at(MOMENT + datetime.timedelta(days=1)):
            assert clock.now() == MOMENT + datetime.timedelta(days=1)
        assert clock.now() == MOMENT
    assert clock.now() >= before


def test_outside_at_it_follows_djangos_clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)
    assert clock.now() == MOMENT
    assert clock.today() == datetime.date(2026, 3, 2)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError), clock.at(datetime.datetime(2026, 3, 1)):
        pass
