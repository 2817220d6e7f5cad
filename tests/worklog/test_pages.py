"""The duty register's pages: the 27 items with their tasks and records, an item's page, a meeting
recorded through its form (a bad one refused in Chinese, nothing written), another county's task
out of reach, and no identifier on screen."""

import datetime
import re

import pytest

from finsup.core import clock
from finsup.worklog import services
from finsup.worklog.models import RecurringTask, WorkRecord

from .helpers import on

pytestmark = pytest.mark.django_db
D = datetime.date
SNAKE = re.compile(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<")


def _setup(world):
    leader, clerk = world.lanshan["leader"], world.lanshan["clerk"]
    day = clock.today() - datetime.timedelta(days=100)
    with on(day):
        task = services.task_add(
            by=leader,
            office=leader.office,
            item=1,
            title="月度金融运行分析",
            frequency="monthly",
            due_days=10,
            responsible=clerk,
            starts_on=day,
        )
        services.assignment_set(by=leader, office=leader.office, item=1, responsible=clerk)
        services.note_record(by=clerk, office=clerk.office, item=1, title="金融形势座谈", done_on=day, text="已召开。")
    return task


def test_the_register_lists_the_27_items_and_the_item_page_its_tasks_and_records(world, client):
    task = _setup(world)
    client.force_login(world.lanshan["clerk"])
    html = client.get("/worklog/").content.decode()
    assert html.count('id="item-') == 27 and "㉗" in html
    mine = html[html.index('id="my-tasks"') : html.index('id="register"')]
    assert "月度金融运行分析" in mine and "<td>①</td>" in mine  # overdue months of mine, under their item
    page = client.get("/worklog/items/1/").content.decode()
    assert f'id="task-{task.pk}"' in page and "金融形势座谈" in page and "逾期" in page
    main = re.sub(r"\b(lanshan|city|luozhuang)_[a-z_]+\b", "", page[page.index("<main") :])  # test users' names
    assert not SNAKE.search(main), SNAKE.search(main)
    assert client.get("/worklog/items/28/").status_code == 404
    assert client.get("/worklog/?office=999999").status_code == 404


def test_a_meeting_is_recorded_through_the_form(world, client):
    task = _setup(world)
    client.force_login(world.lanshan["leader"])
    data = {
        "kind": "meeting",
        "meeting-title": "金融运行分析会",
        "meeting-done_on": clock.today().isoformat(),
        "meeting-attendees": "分管领导、各科室",
        "meeting-minutes": "分析本月金融运行。",
        "meeting-decisions": "下月继续跟踪。",
        "meeting-follow_ups": f"{(clock.today() + datetime.timedelta(days=7)).isoformat()} 报送分析报告",
        "meeting-task": str(task.pk),
    }
    response = client.post("/worklog/items/1/records/", data)
    assert response.status_code == 302
    meeting = WorkRecord.objects.get(kind="meeting")
    assert meeting.task == task and meeting.minutes == "分析本月金融运行。"
    assert RecurringTask.objects.get(origin=meeting).title == "报送分析报告"

    bad = client.post("/worklog/items/1/records/", data | {"meeting-minutes": "", "meeting-follow_ups": "明天 报送"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "请先写日期" in html or "纪要" in html
    assert WorkRecord.objects.filter(kind="meeting").count() == 1


def test_another_countys_task_is_out_of_reach_and_an_auditor_only_reads(world, client):
    task = _setup(world)
    client.force_login(world.luozhuang["clerk"])
    assert client.post(f"/worklog/tasks/{task.pk}/done/", {}).status_code == 404
    client.force_login(world.lanshan["auditor"])
    assert client.get("/worklog/items/1/").status_code == 200
    assert client.post("/worklog/items/1/records/", {"kind": "note"}).status_code == 404
    client.force_login(world.lanshan["clerk"])
    done = client.post(
        f"/worklog/tasks/{task.pk}/done/",
        {f"done-{task.pk}-done_on": clock.today().isoformat(), f"done-{task.pk}-text": "已完成分析。"},
    )
    assert done.status_code == 302 and task.records.count() == 1
