"""The office's overdue duties are computed from the platform's records, never typed in: each
record is built through the real services, the clock is controlled through `as_of`, and a row
appears or disappears as the record itself changes."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from finsup.accountability.overdue import (
    Category,
    group_by_item,
    item_for,
    overdue_duties,
    overdue_summary,
)
from finsup.complaints import services as complaint_services
from finsup.core import append_only_guard
from finsup.incidents import services as incidents
from finsup.inspections import services as inspection_services
from finsup.institutions.choices import InstitutionKind
from finsup.reporting import guards as filing_guards
from finsup.reporting import services as reporting_services
from finsup.reporting import workflow
from finsup.reporting.models import Submission, SubmissionEvent
from tests import factories as f
from tests.complaints.factories import file_complaint
from tests.conftest import CITY, LANSHAN, LUOZHUANG
from tests.incidents.factories import report_incident
from tests.inspections.conftest import papers  # noqa: F401  (documents without LibreOffice)
from tests.inspections.helpers import started_on, to_rectification
from tests.reporting.helpers import Q1_2026, Q2_2026, pc_figures

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures(settings):
    """The office's own figures, as in base settings (the source gives none)."""
    settings.FINSUP_FILING_REVIEW_DAYS = {"county": 5, "city": 10}
    settings.FINSUP_RECTIFICATION_REVIEW_DAYS = 15
    settings.FINSUP_COMPLAINT_DEADLINE_DAYS = {"accept": 5, "investigate": 10, "result": 60}
    settings.FINSUP_INCIDENT_ESCALATION_HOURS = {"I": {"county": 2, "city": 4}}


@pytest.fixture
def pc(world):
    """A private capital manager in Lanshan, its lead supervisor in the Lanshan office, its user."""
    inst = f.make_institution(
        LANSHAN,
        kind=InstitutionKind.PRIVATE_CAPITAL,
        name="兰山区测试民间资本管理股份有限公司",
        approved_on=datetime.date(2018, 1, 1),
        lead_supervisor=world.lanshan["lead_supervisor"],
    )
    return inst, f.make_user("pc_clerk", "institution", institution=inst)


def file(pc, period=Q1_2026):
    inst, clerk = pc
    return reporting_services.submission_file(
        by=clerk, institution=inst, report_code="pc_quarterly", period=period, raw=pc_figures(), channel="web"
    )


def days_ago(submission, days, *, field="submitted_at", actions=("submit",)):
    """Moves a filing's own dates back, as if it had been filed (accepted) `days` days ago."""
    delta = datetime.timedelta(days=days)
    with filing_guards.lifted(connection):  # a filed version's dates are history: only a test moves them
        Submission.objects.filter(pk=submission.pk).update(**{field: F(field) - delta})
    with append_only_guard.lifted(connection, SubmissionEvent._meta.db_table):
        SubmissionEvent.objects.filter(submission=submission, action__in=actions).update(at=F("at") - delta)
    submission.refresh_from_db()
    return submission


def rows(actor, category, **kwargs):
    return {r.source: r for r in overdue_duties(actor=actor, **kwargs) if r.category == category}


def inspection_rows(actor, institution):
    return [
        r for r in overdue_duties(actor=actor) if r.category == Category.INSPECTION and r.institution == institution
    ]


def src(record):
    return f"{record._meta.label_lower}:{record.pk}"


# -- filings reviewed late ------------------------------------------------------------------------


def test_a_filing_waiting_six_days_for_the_county_is_late_three_days_is_not(world, pc):
    six, three = days_ago(file(pc, Q1_2026), 6), days_ago(file(pc, Q2_2026), 3)
    lanshan = world.lanshan["clerk"]

    late = rows(lanshan, Category.FILING_REVIEW)
    assert set(late) == {src(six)}
    row = late[src(six)]
    assert row.pending and row.office.code == LANSHAN and row.institution == pc[0]
    assert row.item_id == 24 and row.item.numeral == "㉔"  # private capital managers
    assert row.due_on == timezone.localdate(six.submitted_at) + 5 * DAY and row.days_overdue == 1
    assert row.person == world.lanshan["lead_supervisor"]
    assert row.record_url == six.get_absolute_url()

    # Three days later (a controlled clock, no sleeping) the second one is late too.
    later = rows(lanshan, Category.FILING_REVIEW, as_of=timezone.localdate() + 3 * DAY)
    assert set(later) == {src(six), src(three)} and later[src(three)].days_overdue == 1


def test_a_filing_accepted_after_eight_days_is_reviewed_late(world, pc):
    slow, quick = days_ago(file(pc, Q1_2026), 8), days_ago(file(pc, Q2_2026), 2)
    for s in (slow, quick):
        workflow.submission_accept(submission=s, by=world.lanshan["lead_supervisor"])

    late = rows(world.lanshan["leader"], Category.FILING_REVIEW)
    assert set(late) == {src(slow)}
    row = late[src(slow)]
    assert not row.pending and row.done_on == timezone.localdate() and row.days_overdue == 3
    assert row.office.code == LANSHAN
    # Done late last year does not count this year.
    assert (
        rows(world.lanshan["leader"], Category.FILING_REVIEW, as_of=datetime.date(timezone.localdate().year + 1, 2, 1))
        == {}
    )


def test_the_citys_confirmation_is_the_citys_duty(world, pc):
    s = days_ago(file(pc), 12)
    workflow.submission_accept(submission=s, by=world.lanshan["clerk"])
    s = days_ago(s, 11, field="status_changed_at", actions=("accept",))  # accepted 11 days ago, 1 day after filing

    pending = rows(world.city["leader"], Category.FILING_REVIEW)
    assert set(pending) == {src(s)}
    assert pending[src(s)].office.code == CITY and pending[src(s)].pending and pending[src(s)].days_overdue == 1
    assert rows(world.lanshan["leader"], Category.FILING_REVIEW) == {}  # the county does not answer for the city

    workflow.submission_confirm(submission=s, by=world.city["clerk"])
    done = rows(world.city["leader"], Category.FILING_REVIEW)
    assert not done[src(s)].pending and done[src(s)].days_overdue == 1


# -- complaints past their deadline ---------------------------------------------------------------


def test_a_complaint_past_its_acceptance_deadline_is_the_handling_offices(world):
    world.inst_lanshan.lead_supervisor = world.lanshan["lead_supervisor"]
    world.inst_lanshan.save()
    now = timezone.now()
    late = file_complaint(world.inst_lanshan, now=now - 6 * DAY)
    recent = file_complaint(world.inst_lanshan, now=now - 2 * DAY)
    tipoff = file_complaint(None, now=now - 7 * DAY, kind="tipoff", illegal_fundraising=True, subject="高息揽储")

    city = rows(world.city["leader"], Category.COMPLAINT)
    assert set(city) == {src(late), src(tipoff)}
    row = city[src(late)]
    assert row.office.code == LANSHAN and row.item_id == 8  # a microloan company: item ⑧
    assert row.person == world.lanshan["lead_supervisor"] == late.assigned_to
    assert row.due_on == timezone.localdate(now - 6 * DAY) + 5 * DAY and row.days_overdue == 1
    assert city[src(tipoff)].office.code == CITY and city[src(tipoff)].item_id == 10  # illegal fundraising: ⑩
    assert set(rows(world.lanshan["clerk"], Category.COMPLAINT)) == {src(late)}
    assert src(recent) not in city

    complaint_services.complaint_transition(complaint=late, to_status="accepted", by=world.lanshan["clerk"])
    assert src(late) not in rows(world.city["leader"], Category.COMPLAINT)


def test_the_item_table():
    inst = f.make_institution(LANSHAN, kind=InstitutionKind.GUARANTEE)
    assert item_for(institution=inst) == 22
    assert item_for() == 9 and item_for(illegal_fundraising=True) == 10 and item_for(incident=True) == 9


# -- inspections the rules required ---------------------------------------------------------------


def test_a_private_capital_manager_not_inspected_last_month(world, pc):
    inst = pc[0]
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - DAY
    county = inspection_rows(world.lanshan["inspector"], inst)
    assert len(county) == 1
    row = county[0]
    assert row.office.code == LANSHAN and row.due_on == last_month_end and row.item_id == 24
    assert row.days_overdue == (today - last_month_end).days and row.person == world.lanshan["lead_supervisor"]
    # The city sees it under Lanshan, and its own yearly duty under the city.
    city = inspection_rows(world.city["leader"], inst)
    assert sorted(r.office.code for r in city) == [CITY, LANSHAN]

    started_on(world.lanshan, inst, today)  # inspected this month: the monthly duty is kept
    offices = [r.office.code for r in inspection_rows(world.city["leader"], inst)]
    assert offices == [CITY]


# -- rectifications not followed up ---------------------------------------------------------------


def test_a_rectification_report_waiting_twenty_days_for_review(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan, findings=2)
    filed, owed = inspection.findings.order_by("pk")
    inspection_services.rectification_submit(by=world.clerk_lanshan_inst, finding=filed, text="已调整分类。")
    today = timezone.localdate()

    assert rows(world.lanshan["leader"], Category.RECTIFICATION, as_of=today + 10 * DAY) == {}
    waiting = rows(world.lanshan["leader"], Category.RECTIFICATION, as_of=today + 20 * DAY)
    assert set(waiting) == {src(filed)}
    row = waiting[src(filed)]
    assert row.office == inspection.office and row.due_on == today + 15 * DAY and row.days_overdue == 5
    assert row.record_url == f"/inspections/findings/{filed.pk}/"

    # The other finding's deadline (30 days from the opinion letter) passes with no follow-up.
    as_of = owed.deadline + 10 * DAY
    assert set(rows(world.lanshan["leader"], Category.RECTIFICATION, as_of=as_of)) == {src(filed), src(owed)}
    inspection_services.rectification_overdue(as_of=as_of)  # the office escalates it
    assert set(rows(world.lanshan["leader"], Category.RECTIFICATION, as_of=as_of)) == {src(filed)}

    inspection_services.rectification_verify(by=world.lanshan["inspector"], finding=filed, reason="抽查准确。")
    assert rows(world.lanshan["leader"], Category.RECTIFICATION, as_of=as_of) == {}


# -- major risk incidents not acknowledged --------------------------------------------------------


def test_an_incident_not_acknowledged_in_time(world):
    t0 = timezone.now() - datetime.timedelta(hours=3)
    incident = report_incident(world.clerk_lanshan_inst, severity="I", institution=None, now=t0)
    fresh = report_incident(world.clerk_lanshan_inst, severity="I", now=timezone.now() - datetime.timedelta(hours=1))

    late = rows(world.city["leader"], Category.INCIDENT)
    assert set(late) == {src(incident)}
    assert late[src(incident)].office.code == LANSHAN and late[src(incident)].item_id == 9
    incidents.incidents_escalate()  # now at the city; the county missed its time
    late = rows(world.city["leader"], Category.INCIDENT)
    assert late[src(incident)].office.code == LANSHAN
    assert late[src(incident)].due_on == timezone.localdate(t0 + datetime.timedelta(hours=2))
    assert src(fresh) not in late

    incidents.incident_acknowledge(incident=incident, by=world.city["leader"], note="已派员到场。")
    assert rows(world.city["leader"], Category.INCIDENT) == {}


# -- jurisdiction ---------------------------------------------------------------------------------


def test_a_county_sees_only_its_own_office(world, pc):
    days_ago(file(pc), 6)
    file_complaint(world.inst_lanshan, now=timezone.now() - 6 * DAY)
    luozhuang = f.make_institution(
        LUOZHUANG, kind=InstitutionKind.PRIVATE_CAPITAL, approved_on=datetime.date(2018, 1, 1)
    )

    oversight = f.make_user("lz_discipline", "oversight", LUOZHUANG, oversight_body="discipline")
    for user in (world.luozhuang["leader"], oversight):
        assert {r.office.code for r in overdue_duties(actor=user)} == {LUOZHUANG}
    assert {r.office.code for r in overdue_duties(actor=world.lanshan["leader"])} == {LANSHAN}
    city = world.city["leader"]
    assert {r.office.code for r in overdue_duties(actor=city)} == {CITY, LANSHAN, LUOZHUANG}
    only = overdue_duties(actor=city, office=luozhuang.county)
    assert {r.office.code for r in only} == {LUOZHUANG} and any(r.institution == luozhuang for r in only)
    # A county asking for another county's office, and institution users, get nothing.
    assert overdue_duties(actor=world.lanshan["leader"], office=luozhuang.county) == []
    assert overdue_duties(actor=world.clerk_lanshan_inst) == []


def test_summary_groups_and_few_queries(world, pc, django_assert_max_num_queries):
    for period in (Q1_2026, Q2_2026):
        days_ago(file(pc, period), 9)
    for n in range(3):
        file_complaint(world.inst_lanshan, now=timezone.now() - (6 + n) * DAY)
    with django_assert_max_num_queries(15):
        all_rows = overdue_duties(actor=world.city["leader"])
    summary = {s.office.code: s for s in overdue_summary(all_rows)}
    assert summary[LANSHAN].pending[Category.FILING_REVIEW] == 2
    assert summary[LANSHAN].pending[Category.COMPLAINT] == 3
    groups = group_by_item(all_rows)
    assert [g.item.id for g in groups] == sorted(g.item.id for g in groups)
    item8 = next(g for g in groups if g.item.id == 8)
    assert item8.duty.id == 2 and item8.duty.accountability
    assert group_by_item(all_rows, limit=1)[0].more == len(groups[0].rows) - 1


# -- the page ---------------------------------------------------------------------------------------


def _row_classes(html, source):
    return re.findall(rf'<tr class="([\w-]+)" data-source="{re.escape(source)}">', html)


def test_the_page_shows_the_records_and_follows_them(world, pc, client):
    waiting = days_ago(file(pc), 6)
    complaint = file_complaint(world.inst_lanshan, now=timezone.now() - 6 * DAY)
    client.force_login(world.lanshan["leader"])

    html = client.get("/accountability/").content.decode()
    assert _row_classes(html, src(waiting)) == ["duty-pending"]
    assert _row_classes(html, src(complaint)) == ["duty-pending"]
    assert waiting.get_absolute_url() in html and complaint.get_absolute_url() in html
    assert 'id="item-24"' in html and 'id="item-8"' in html and "<details>" in html
    assert "行政监察法" in html  # the accountability basis of the list, from its data file

    workflow.submission_accept(submission=waiting, by=world.lanshan["lead_supervisor"])
    html = client.get("/accountability/").content.decode()
    assert _row_classes(html, src(waiting)) == []  # no longer pending; done late is listed on request
    html = client.get("/accountability/?late=1").content.decode()
    assert _row_classes(html, src(waiting)) == ["duty-done-late"]

    as_of = (timezone.localdate() - 30 * DAY).isoformat()  # a month ago neither was late yet
    html = client.get(f"/accountability/?as_of={as_of}").content.decode()
    assert _row_classes(html, src(complaint)) == [] and _row_classes(html, src(waiting)) == []
