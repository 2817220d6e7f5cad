"""The demo's duty register (demo/activity_worklog.py, data/worklog.toml): every item ①–㉗ has at
least one recurring task and one work record, and its page shows them; items ⑧ ⑨ ⑩ ㉒ ㉓ ㉔ ㉕ ㉖ ㉗ link a
demo record of another app, which the page links to; the quarterly liaison meeting of ⑤ was not
held last quarter and is an overdue duty of item ⑤ on the accountability page."""

import pytest

from finsup.accountability.overdue import Category, overdue_duties
from finsup.accounts.models import User
from finsup.duties.selectors import item_ids
from finsup.worklog import selectors
from finsup.worklog.models import RecurringTask, WorkRecord

from .conftest import AS_OF

LINKED_ITEMS = {8, 9, 10, 22, 23, 24, 25, 26, 27}


@pytest.fixture
def city_leader(loaded):
    return User.objects.get(username="city_leader")


def test_every_item_has_a_task_and_a_record_and_its_page_shows_them(city_leader, client):
    covered = selectors.items_covered(actor=city_leader)
    assert set(covered) == item_ids() == set(range(1, 28))
    assert all(tasks >= 1 and records >= 1 for tasks, records in covered.values()), covered
    client.force_login(city_leader)
    for item in range(1, 28):
        html = client.get(f"/worklog/items/{item}/").content.decode()
        task = RecurringTask.objects.filter(item=item).order_by("pk").first()
        record = WorkRecord.objects.filter(item=item).order_by("-done_on", "-pk").first()
        assert f'id="task-{task.pk}"' in html and task.title in html, item
        assert f'id="record-{record.pk}"' in html, item
    register = client.get("/worklog/").content.decode()
    assert register.count('id="item-') == 27


def test_the_items_of_records_elsewhere_link_them(city_leader, client):
    linked = WorkRecord.objects.filter(kind="link")
    assert {r.item for r in linked} >= LINKED_ITEMS
    client.force_login(city_leader)
    for record in linked:
        page = selectors.item_page(actor=city_leader, item_id=record.item, as_of=AS_OF)
        view = next(v for v in page["records"] if v.record.pk == record.pk)
        assert view.link is not None and view.link.url in client.get(f"/worklog/items/{record.item}/").content.decode()
        assert client.get(view.link.url).status_code == 200


def test_the_liaison_meeting_not_held_is_overdue_under_item_5(city_leader, client):
    rows = [r for r in overdue_duties(actor=city_leader, as_of=AS_OF) if r.category == Category.DUTY_TASK]
    assert [(r.item_id, r.record_label) for r in rows] == [(5, "驻临金融机构季度联络会议")]
    assert rows[0].person.username == "city_clerk"
    client.force_login(city_leader)
    html = client.get(f"/accountability/?as_of={AS_OF.isoformat()}&item=5").content.decode()
    assert "驻临金融机构季度联络会议" in html and "履职任务逾期未完成" in html
