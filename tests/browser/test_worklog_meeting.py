"""Issue 22's duty register in a browser: on the page of item ⑤ a county's leader records the
quarterly liaison meeting with its attendees, minutes, decisions and a follow-up; the meeting is
listed under the item's work records with its minutes, the task's period is done and the follow-up
is a task of the item due on its date. A meeting without minutes is refused and nothing is written."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finsup.core import clock
from finsup.worklog.models import RecurringTask, WorkRecord
from tests import factories as f
from tests.worklog.helpers import liaison_task

from .conftest import login, screenshot


@pytest.mark.browser
def test_a_meeting_with_minutes_is_recorded_on_the_items_page(page, world):
    leader = world.lanshan["leader"]
    today = clock.today()
    task = liaison_task(leader, world.lanshan["clerk"], today - datetime.timedelta(days=120))
    login(page, leader.username, f.PASSWORD)
    page.goto(f"{page.base}/worklog/items/5/")
    expect(page.locator("h1")).to_contain_text("⑤")
    expect(page.locator(f"#task-{task.pk}")).to_contain_text("逾期")

    page.click("#meeting summary")
    form = page.locator("#meeting-form")
    form.locator("input[name=meeting-title]").fill("三季度驻临金融机构联络会议")
    form.locator("select[name=meeting-task]").select_option(str(task.pk))
    form.locator("textarea[name=meeting-attendees]").fill("区金融办，驻区各银行、保险机构负责人")
    form.locator("button[type=submit]").click()  # no minutes: refused
    expect(page.locator("#meeting-form")).to_contain_text("请填写会议纪要")
    assert not WorkRecord.objects.exists()

    form = page.locator("#meeting-form")
    form.locator("textarea[name=meeting-minutes]").fill("通报前三季度辖区金融运行情况，听取驻区机构意见建议。")
    form.locator("textarea[name=meeting-decisions]").fill("建立重点企业融资需求月度推送机制。")
    due = (today + datetime.timedelta(days=10)).isoformat()
    form.locator("textarea[name=meeting-follow_ups]").fill(f"{due} 报送联络会议纪要")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/worklog/items/5/$"))
    records = page.locator("#records")
    expect(records).to_contain_text("三季度驻临金融机构联络会议")
    expect(records).to_contain_text("区金融办，驻区各银行、保险机构负责人")
    records.locator(".minutes summary").first.click()
    expect(records.locator(".minutes").first).to_contain_text("听取驻区机构意见建议")
    expect(records).to_contain_text("报送联络会议纪要")
    follow_up = RecurringTask.objects.get(origin__isnull=False)
    expect(page.locator(f"#task-{follow_up.pk}")).to_contain_text(due)
    screenshot(page, "worklog-01-meeting-recorded")

    meeting = WorkRecord.objects.get()
    assert (meeting.kind, meeting.task, meeting.item) == ("meeting", task, 5)
    assert meeting.minutes.startswith("通报前三季度")
