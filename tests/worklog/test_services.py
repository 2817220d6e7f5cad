"""The duty register's writes: who may set tasks and record work where (permissions and scoping),
bad input refused in Chinese with nothing written, append-only records, a task's periods done and
overdue with a fixed clock, a meeting's follow-ups as tasks, links to records elsewhere and to
documents resolved through the other apps' selectors."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.fundraising import services as fundraising
from finsup.worklog import selectors, services
from finsup.worklog.models import DutyAssignment, RecurringTask, WorkRecord
from tests import factories as f

from .helpers import on

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)
JAN1 = D(2026, 1, 1)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _task(by, *, item=5, frequency="quarterly", due_days=10, starts_on=JAN1, day=DAY, **kw):
    with on(day):
        return services.task_add(
            by=by,
            office=by.office,
            item=item,
            title=kw.pop("title", "驻临金融机构季度联席会议"),
            frequency=frequency,
            due_days=due_days,
            responsible=kw.pop("responsible", by),
            starts_on=starts_on,
            **kw,
        )


def test_a_lead_supervisor_sets_a_task_and_a_clerk_records_it_done(world):
    supervisor, clerk = world.lanshan["lead_supervisor"], world.lanshan["clerk"]
    task = _task(supervisor, responsible=clerk)
    assert AuditEntry.objects.filter(object_type="worklog.recurringtask", object_id=str(task.pk)).exists()
    with on(DAY):
        record = services.task_done(by=clerk, task=task, done_on=D(2026, 4, 8), text="召开一季度联席会议。")
    assert record.period_start == D(2026, 1, 1) and record.item == 5 and record.kind == "task_done"
    with on(DAY):  # the next one is the second quarter's
        second = services.task_done(by=clerk, task=task, done_on=DAY, text="召开二季度联席会议。")
    assert second.period_start == D(2026, 4, 1)
    with pytest.raises(ApplicationError) as refused, on(DAY):  # the third quarter has not begun
        services.task_done(by=clerk, task=task, done_on=DAY, text="又一次。")
    assert refused.value.code == "period_already_done" and "已" in refused.value.message
    assert WorkRecord.objects.count() == 2


def test_a_clerk_may_not_set_tasks_nor_an_auditor_record(world):
    clerk, auditor = world.lanshan["clerk"], world.lanshan["auditor"]
    with pytest.raises(PermissionDenied) as refused:
        _task(clerk)
    assert "领导" in refused.value.message
    task = _task(world.lanshan["leader"])
    with pytest.raises(PermissionDenied), on(DAY):
        services.task_done(by=auditor, task=task, done_on=DAY, text="已办。")
    assert RecurringTask.objects.count() == 1 and not WorkRecord.objects.exists()


def test_another_county_neither_sees_nor_writes_and_the_city_sees_its_counties(world):
    task = _task(world.lanshan["leader"])
    other = world.luozhuang["leader"]
    assert not selectors.tasks(actor=other).filter(pk=task.pk).exists()
    with pytest.raises(RecurringTask.DoesNotExist):
        selectors.task_get(actor=other, pk=task.pk)
    with pytest.raises(OutOfScope), on(DAY):
        services.task_done(by=other, task=task, done_on=DAY, text="已办。")
    with pytest.raises(OutOfScope), on(DAY):
        services.note_record(by=other, office=task.office, item=5, title="联络", done_on=DAY, text="已办。")
    assert selectors.task_get(actor=world.city["auditor"], pk=task.pk) == task
    assert not WorkRecord.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"item": 28}, "item_unknown", "责任清单"),
        ({"title": "  "}, "task_title_required", "任务"),
        ({"frequency": "weekly"}, "task_frequency_invalid", "频次"),
        ({"due_days": 400}, "task_due_days_invalid", "0"),
        ({"frequency": "once", "due_on": None}, "task_due_date_required", "日期"),
    ],
)
def test_a_bad_task_is_refused_in_chinese_and_nothing_is_written(world, fields, code, words):
    leader = world.lanshan["leader"]
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        _task(leader, **fields)
    assert refused.value.code == code and words in refused.value.message
    assert not RecurringTask.objects.exists() and AuditEntry.objects.count() == before


def test_the_responsible_person_is_staff_of_the_office(world):
    with pytest.raises(ApplicationError) as refused:
        _task(world.lanshan["leader"], responsible=world.luozhuang["clerk"])
    assert refused.value.code == "responsible_not_in_office"
    with pytest.raises(ApplicationError):
        _task(world.lanshan["leader"], responsible=world.clerk_lanshan_inst)
    assert not RecurringTask.objects.exists()


def test_a_record_in_the_future_or_without_text_is_refused(world):
    clerk = world.lanshan["clerk"]
    task = _task(world.lanshan["leader"])
    with pytest.raises(ApplicationError) as refused, on(DAY):
        services.task_done(by=clerk, task=task, done_on=DAY + datetime.timedelta(days=1), text="已办。")
    assert refused.value.code == "record_date_invalid" and "今天" in refused.value.message
    with pytest.raises(ApplicationError) as refused, on(DAY):
        services.task_done(by=clerk, task=task, done_on=DAY, text=" ")
    assert refused.value.code == "record_text_required"
    assert not WorkRecord.objects.exists()


@pytest.mark.parametrize(
    ("frequency", "due_days", "as_of", "overdue"),
    [
        ("monthly", 10, D(2026, 6, 15), [D(2026, 5, 10), D(2026, 6, 10)]),  # to March done; April, May late
        ("quarterly", 15, D(2026, 7, 16), [D(2026, 7, 15)]),  # Q1 done; Q2 due 7-15, late the day after
        ("quarterly", 15, D(2026, 7, 15), []),  # on its deadline it is not late yet
        ("half_yearly", 30, D(2026, 8, 1), [D(2026, 7, 30)]),
        ("yearly", 31, D(2027, 2, 1), []),  # the first year is done
    ],
)
def test_deadlines_per_frequency_with_a_fixed_clock(world, frequency, due_days, as_of, overdue):
    leader = world.lanshan["leader"]
    task = _task(leader, frequency=frequency, due_days=due_days, starts_on=D(2026, 1, 1), day=D(2026, 1, 2))
    first = {"monthly": D(2026, 3, 1), "quarterly": D(2026, 1, 1), "half_yearly": None, "yearly": D(2026, 1, 1)}
    if frequency == "monthly":  # January and February done as well
        for month in (1, 2, 3):
            with on(D(2026, month + 1, 5)):
                services.task_done(
                    by=leader, task=task, done_on=D(2026, month + 1, 5), text="已办。", period_start=D(2026, month, 1)
                )
    elif first[frequency]:
        with on(as_of):
            services.task_done(by=leader, task=task, done_on=as_of, text="已办。", period_start=first[frequency])
    found = [p.due_on for t, p in selectors.tasks_overdue(actor=leader, as_of=as_of)]
    assert found == overdue


def test_a_stopped_task_falls_due_no_more(world):
    leader = world.lanshan["leader"]
    task = _task(leader, frequency="monthly", due_days=5, starts_on=D(2026, 1, 1), day=D(2026, 1, 2))
    with on(D(2026, 2, 20)):
        services.task_stop(by=leader, task=task)
    with pytest.raises(ApplicationError), on(D(2026, 2, 21)):
        services.task_stop(by=leader, task=task)
    due = [p.due_on for t, p in selectors.tasks_overdue(actor=leader, as_of=D(2026, 6, 1))]
    assert due == [D(2026, 2, 5), D(2026, 3, 5)]  # January, and February it was stopped in


def test_a_meeting_with_minutes_and_follow_ups(world):
    leader, clerk = world.lanshan["leader"], world.lanshan["clerk"]
    task = _task(leader)
    with on(DAY):
        meeting = services.meeting_record(
            by=leader,
            office=leader.office,
            item=5,
            title="二季度驻临金融机构联席会议",
            done_on=DAY,
            attendees="市金融办、人民银行临沂市中心支行、各驻临银行",
            minutes="通报上半年金融运行情况；研究小微企业融资对接。",
            decisions="建立月度信息报送机制。",
            follow_ups=[{"title": "报送联席会议纪要", "due_on": D(2026, 6, 30), "responsible": clerk}],
            task=task,
        )
    assert meeting.kind == "meeting" and meeting.period_start == D(2026, 1, 1)
    follow_up = RecurringTask.objects.get(origin=meeting)
    assert (follow_up.frequency, follow_up.due_on, follow_up.responsible, follow_up.item) == (
        "once",
        D(2026, 6, 30),
        clerk,
        5,
    )
    assert selectors.tasks_overdue(actor=leader, as_of=D(2026, 7, 1), responsible=clerk)[0][0] == follow_up
    with on(DAY):
        services.task_done(by=clerk, task=follow_up, done_on=DAY, text="纪要已报送。")
    assert not selectors.tasks_overdue(actor=leader, as_of=D(2026, 7, 1), responsible=clerk)


def test_a_meeting_without_minutes_writes_nothing(world):
    leader = world.lanshan["leader"]
    with pytest.raises(ApplicationError) as refused, on(DAY):
        services.meeting_record(
            by=leader, office=leader.office, item=5, title="联席会议", done_on=DAY, attendees="各单位", minutes=""
        )
    assert refused.value.code == "minutes_required" and "纪要" in refused.value.message
    with pytest.raises(ApplicationError) as refused, on(DAY):
        services.meeting_record(
            by=leader,
            office=leader.office,
            item=5,
            title="联席会议",
            done_on=DAY,
            attendees="各单位",
            minutes="通报情况。",
            follow_ups=[{"title": "", "due_on": None}],
        )
    assert refused.value.code == "follow_up_invalid"
    assert not WorkRecord.objects.exists() and not RecurringTask.objects.exists()


def test_a_link_to_a_record_elsewhere_resolves_only_in_reach(world):
    clerk = world.lanshan["clerk"]
    with on(DAY):
        entity = fundraising.entity_open(by=clerk, office=clerk.office, name="临沂某某财富管理有限公司")
        record = services.link_record(
            by=clerk, office=clerk.office, item=10, source=f"fundraising.suspectentity:{entity.pk}", done_on=DAY
        )
    assert (
        record.source == f"fundraising.suspectentity:{entity.pk}" and "临沂某某财富管理有限公司" in record.source_label
    )
    other = world.luozhuang["clerk"]
    for source in (f"fundraising.suspectentity:{entity.pk}", "accounts.user:1", "nonsense"):
        with pytest.raises(ApplicationError) as refused, on(DAY):
            services.link_record(by=other, office=other.office, item=10, source=source, done_on=DAY)
        assert refused.value.code == "link_not_found"
    with pytest.raises(ApplicationError) as refused, on(DAY):
        services.document_record(by=clerk, office=clerk.office, item=8, document_id=999999, done_on=DAY)
    assert refused.value.code == "document_not_found"
    page = selectors.item_page(actor=clerk, item_id=10, as_of=DAY)
    assert page["records"][0].link.url == entity.get_absolute_url()
    assert selectors.item_page(actor=world.city["leader"], item_id=10, as_of=DAY)["records"][0].link is not None
    assert WorkRecord.objects.count() == 1


def test_work_records_are_append_only(world):
    clerk = world.lanshan["clerk"]
    with on(DAY):
        record = services.note_record(
            by=clerk, office=clerk.office, item=1, title="月度金融运行分析", done_on=DAY, text="已完成。"
        )
    record.text = "改过"
    with pytest.raises(ValueError):
        record.save()
    with pytest.raises(ValueError):
        record.delete()
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("UPDATE worklog_workrecord SET text = 'x' WHERE id = %s", [record.pk])
    assert WorkRecord.objects.get().text == "已完成。"


def test_one_person_answers_for_an_item_per_office(world):
    leader, clerk, inspector = world.lanshan["leader"], world.lanshan["clerk"], world.lanshan["inspector"]
    with on(DAY):
        services.assignment_set(by=leader, office=leader.office, item=8, responsible=clerk)
        services.assignment_set(by=leader, office=leader.office, item=8, responsible=inspector, note="分管小贷")
    assert DutyAssignment.objects.get().responsible == inspector
    with pytest.raises(PermissionDenied), on(DAY):
        services.assignment_set(by=clerk, office=clerk.office, item=8, responsible=clerk)
    with pytest.raises(OutOfScope), on(DAY):
        services.assignment_set(by=world.luozhuang["leader"], office=leader.office, item=8, responsible=clerk)
    with pytest.raises(ApplicationError), on(DAY):
        services.assignment_set(by=leader, office=leader.office, item=0, responsible=clerk)
    rows = selectors.register(actor=world.city["leader"], as_of=DAY)
    assert len(rows) == 27 and rows[7].assignments[0].responsible == inspector


def test_the_work_queue_lists_my_overdue_tasks(world):
    from finsup.notifications.waiting import waiting_for

    leader, clerk = world.lanshan["leader"], world.lanshan["clerk"]
    _task(leader, responsible=clerk, frequency="monthly", due_days=5, starts_on=D(2026, 5, 1), day=D(2026, 5, 1))
    with on(D(2026, 6, 22)):
        items = {i.label: i for i in waiting_for(clerk)}
    item = items["本人负责的履职任务：已逾期或两周内到期"]
    assert (item.count, item.overdue) == (2, 1)  # May overdue since 06-05; June due 07-05, within two weeks
    assert f.office  # the factories stay importable here
