"""A task of the duty register (finsup.worklog) not recorded as done by its deadline is an overdue
duty of its own item on the accountability page: a quarterly liaison meeting of item ⑤, under ⑤,
with its office and responsible person; done, it leaves the page. Fixed days, never the clock."""

import datetime
import re

import pytest

from finsup.accountability.overdue import Category, overdue_duties
from finsup.worklog import services
from tests.worklog.helpers import liaison_task, on

pytestmark = pytest.mark.django_db
D = datetime.date


def _liaison(world):
    leader, clerk = world.lanshan["leader"], world.lanshan["clerk"]
    with on(D(2026, 1, 5)):
        return liaison_task(leader, clerk, D(2026, 1, 1))


def test_an_overdue_liaison_task_is_listed_under_its_item(world, client):
    task = _liaison(world)
    rows = [
        r for r in overdue_duties(actor=world.city["leader"], as_of=D(2026, 4, 20)) if r.category == Category.DUTY_TASK
    ]
    assert len(rows) == 1
    row = rows[0]
    assert (row.item_id, row.office, row.person, row.due_on, row.days_overdue) == (
        5,
        task.office,
        world.lanshan["clerk"],
        D(2026, 4, 15),
        5,
    )
    assert row.source == f"worklog.recurringtask:{task.pk}"
    other = overdue_duties(actor=world.luozhuang["leader"], as_of=D(2026, 4, 20))
    assert [r for r in other if r.category == Category.DUTY_TASK] == []  # another county's is not listed

    client.force_login(world.lanshan["leader"])
    html = client.get("/accountability/?as_of=2026-04-20").content.decode()
    section = html[html.index('id="item-5"') :]
    assert "驻临金融机构季度联络会议" in section and "履职任务逾期未完成" in section
    assert re.search(r'data-source="worklog\.recurringtask:\d+"', section)

    with on(D(2026, 4, 21)):
        services.task_done(by=world.lanshan["clerk"], task=task, done_on=D(2026, 4, 21), text="已召开一季度联络会议。")
    later = overdue_duties(actor=world.city["leader"], as_of=D(2026, 4, 22))
    assert [r for r in later if r.category == Category.DUTY_TASK] == []
