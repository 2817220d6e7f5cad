import datetime

import pytest

from tests import factories as f
from tests.conftest import LANSHAN

# 10:00 in Linyi on Monday 2 November 2026.
MONDAY = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.date(2026, 11, 10)

FIELDS = [
    {"id": "loans_balance", "label_zh": "贷款余额", "unit": "money:wan_yuan", "required": True, "min": "0"},
    {"id": "loans_agri", "label_zh": "其中：涉农贷款", "unit": "money:wan_yuan", "required": True, "min": "0"},
    {"id": "borrowers", "label_zh": "借款户数", "unit": "count:clients", "required": True, "min": "0"},
    {"id": "avg_rate", "label_zh": "平均年化利率", "unit": "rate:percent_per_year", "required": False},
]
CHECKS = [{"expr": "loans_agri <= loans_balance", "message_zh": "涉农贷款不能大于贷款余额。"}]


@pytest.fixture
def clock_at(monkeypatch):
    """'Now' fixed, and moved by the test: clock_at(datetime)."""
    state = {"now": MONDAY}
    monkeypatch.setattr("django.utils.timezone.now", lambda: state["now"])

    def move(moment: datetime.datetime) -> datetime.datetime:
        state["now"] = moment
        return moment

    return move


@pytest.fixture
def three(world):
    """Three institutions of the city: the Lanshan and the Luozhuang one of the world, and another
    in Lanshan, each with a user."""
    third = f.make_institution(LANSHAN)
    world.inst_third = third
    world.clerk_third_inst = f.make_user("inst_third", "institution", institution=third)
    return world
