"""What waits for each user (issue 7, point 5): computed from the records, for what the user may
see and do, and gone once the thing is done."""

import datetime

import pytest
from django.utils import timezone

from finsup.accountability import services as accountability
from finsup.accountability.choices import Body
from finsup.notifications.waiting import WaitingItem, register_waiting_source, waiting_for
from finsup.reporting import services as reporting
from finsup.reporting import workflow
from tests import factories as f
from tests.complaints.factories import file_complaint
from tests.incidents.factories import report_incident
from tests.reporting.helpers import Q1_2026, pc_figures

pytestmark = pytest.mark.django_db


def _by_url(user) -> dict[str, WaitingItem]:
    return {item.url: item for item in waiting_for(user)}


def _item(user, prefix: str) -> WaitingItem | None:
    """The one item whose link starts with `prefix` (None when nothing of that kind waits)."""
    found = [item for url, item in _by_url(user).items() if url.startswith(prefix)]
    assert len(found) <= 1, found
    return found[0] if found else None


@pytest.fixture
def pc(world):
    """A private-capital company in Lanshan, supervised by Lanshan's lead supervisor, with its user."""
    inst = f.make_institution(
        "371302",
        kind="private_capital",
        established_on=datetime.date(2018, 1, 1),
        approved_on=datetime.date(2018, 1, 1),
        lead_supervisor=world.lanshan["lead_supervisor"],
    )
    return inst, f.make_user("pc_waiting", "institution", institution=inst)


def _file_q1(pc):
    inst, clerk = pc
    return reporting.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=Q1_2026, raw=pc_figures(), channel="web"
    )


def test_the_county_lead_supervisor_sees_the_filing_and_the_complaint_the_other_county_does_not(world, pc):
    supervisor, other = world.lanshan["lead_supervisor"], world.luozhuang["lead_supervisor"]
    _file_q1(pc)
    complaint = file_complaint(pc[0], now=timezone.now() - datetime.timedelta(days=10))  # past the 5 days to accept
    assert complaint.assigned_to == supervisor

    filings = _item(supervisor, "/filings/?status=submitted")
    assert (filings.count, filings.overdue) == (1, 0)
    complaints = _item(supervisor, "/handling/complaints/?mine=1&open=1")
    assert (complaints.count, complaints.overdue) == (1, 1)
    assert [i.order for i in waiting_for(supervisor)] == sorted(i.order for i in waiting_for(supervisor))

    assert _item(other, "/filings/?") is None  # institutions' filings (an office's own reports are /filings/office/)
    assert _item(other, "/handling/complaints/") is None
    # Lanshan's clerk reviews filings too, but the complaint is not assigned to the clerk.
    assert _item(world.lanshan["clerk"], "/filings/?status=submitted").count == 1
    assert _item(world.lanshan["clerk"], "/handling/complaints/") is None
    # An inspector neither reviews filings nor handles complaints.
    assert waiting_for(world.lanshan["inspector"]) == []


def test_the_count_drops_when_the_county_accepts_and_the_city_then_has_it(world, pc):
    submission = _file_q1(pc)
    supervisor = world.lanshan["lead_supervisor"]
    assert _item(world.city["leader"], "/filings/?") is None  # nothing at the city's step yet
    workflow.submission_accept(submission=submission, by=supervisor)
    assert _item(supervisor, "/filings/?") is None
    assert _item(world.city["leader"], "/filings/?status=accepted").count == 1
    workflow.submission_confirm(submission=submission, by=world.city["lead_supervisor"])
    assert _item(world.city["leader"], "/filings/?") is None


def test_the_filtered_list_behind_the_complaint_item_shows_the_same_complaints(world, pc, client_for):
    supervisor = world.lanshan["lead_supervisor"]
    file_complaint(pc[0])
    item = _item(supervisor, "/handling/complaints/")
    page = client_for(supervisor).get(item.url)
    assert page.status_code == 200 and page.context["paginator"].count == item.count == 1


def test_an_oversight_body_sees_the_transfer_to_it_until_it_returns_it(world):
    procuratorate = f.make_user("x", "oversight", "371300", oversight_body="procuratorate")
    discipline = f.make_user("jiwei", "oversight", "371300", oversight_body="discipline")
    leader = world.city["leader"]
    case = accountability.case_open(
        by=leader,
        data={
            "subject_kind": "staff",
            "subject_user": world.lanshan["lead_supervisor"],
            "title": "未按月开展现场检查",
            "allegation": "连续两个月未对辖区机构开展现场检查。",
            "items": [24],
        },
    )
    assert _item(procuratorate, "/accountability/") is None
    assert _item(leader, "/accountability/cases/?open=1").count == 1
    transfer = accountability.transfer_send(case=case, by=leader, to_body=Body.PROCURATORATE, reason="涉嫌玩忽职守")

    item = _item(procuratorate, "/accountability/cases/?awaiting=1")
    assert (item.count, item.overdue) == (1, 0)
    assert _item(discipline, "/accountability/") is None  # it sees the case, but the case is not with it
    accountability.transfer_supervise(
        transfer=transfer, by=discipline, text="请反馈", due_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    accountability.transfer_accept(transfer=transfer, by=procuratorate)
    assert _item(procuratorate, "/accountability/cases/?awaiting=1").count == 1  # still with it
    assert _item(leader, "/accountability/cases/?returned=1") is None

    accountability.transfer_return(transfer=transfer, by=procuratorate, reason="不构成犯罪，退回依纪处理")
    assert _item(procuratorate, "/accountability/") is None
    assert _item(leader, "/accountability/cases/?returned=1").count == 1
    # The oversight bodies have nothing else waiting: no filings, warnings or complaints.
    assert waiting_for(procuratorate) == []


def test_an_institution_sees_its_reports_due_and_one_fewer_once_filed(world, pc, settings):
    settings.FINSUP_REPORTING_START = datetime.date(2026, 1, 1)
    clerk = pc[1]
    before = _item(clerk, "/dashboard/#reports-due")
    assert before.count >= 1 and before.overdue >= 1  # Q1 2026 is long past its deadline
    _file_q1(pc)
    after = _item(clerk, "/dashboard/#reports-due")
    assert (after.count, after.overdue) == (before.count - 1, before.overdue - 1)
    # Staff items never reach an institution's user.
    assert {i.order for i in waiting_for(clerk)} <= {11, 42}


def test_incidents_not_acknowledged_for_the_handlers_of_the_jurisdiction(world):
    report_incident(world.clerk_lanshan_inst, now=timezone.now() - datetime.timedelta(hours=3))  # I: 2 hours
    item = _item(world.lanshan["lead_supervisor"], "/incidents/?status=reported")
    assert (item.count, item.overdue) == (1, 1)
    assert _item(world.luozhuang["lead_supervisor"], "/incidents/") is None
    assert _item(world.lanshan["clerk"], "/incidents/") is None  # clerks report incidents, they do not handle them


def test_a_source_is_registered_once_and_empty_items_are_left_out(world):
    calls = []

    def source(user):
        calls.append(user)
        yield WaitingItem(label="nothing", count=0, url="/nowhere/")

    try:
        register_waiting_source(source)
        register_waiting_source(source)
        assert all(item.url != "/nowhere/" for item in waiting_for(world.city["leader"]))
        assert len(calls) == 1
    finally:
        from finsup.notifications import waiting

        waiting._SOURCES.remove(source)


def test_the_notifications_page_shows_what_waits_in_a_bounded_number_of_queries(
    world, pc, client_for, django_assert_max_num_queries
):
    _file_q1(pc)
    file_complaint(pc[0])
    report_incident(world.clerk_lanshan_inst)
    for user in (world.lanshan["lead_supervisor"], world.city["leader"], pc[1]):
        client = client_for(user)
        with django_assert_max_num_queries(25):
            page = client.get("/notifications/")
        assert page.status_code == 200
        html = page.content.decode()
        for item in page.context["waiting"]:
            assert f'href="{item.url.replace("&", "&amp;")}"' in html
    lead = client_for(world.lanshan["lead_supervisor"]).get("/notifications/")
    assert {i.url for i in lead.context["waiting"]} >= {
        "/filings/?status=submitted",
        "/handling/complaints/?mine=1&open=1",
        "/incidents/?status=reported",
    }


def test_the_dashboard_lists_the_same_items(world, pc, client_for):
    _file_q1(pc)
    supervisor = world.lanshan["lead_supervisor"]
    page = client_for(supervisor).get("/dashboard/")
    assert page.context["waiting"] == waiting_for(supervisor)
    assert 'id="waiting"' in page.content.decode()
