"""An office's own reports filed like an institution's: drafted from the records, sent as an
upward official document signed off by the leader (the sign-off files it), reviewed by the office
above (accepted, or returned with a reason and refiled as a new version), with a receipt, a
deadline from the catalogue, and jurisdiction (an office sees its own reports and those below)."""

import datetime

import pytest
from django.urls import reverse

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.documents.services import document_check, document_sign_off
from finsup.notifications.waiting import waiting_for
from finsup.reporting import office_reports as svc
from finsup.reporting.choices import SubmissionStatus
from finsup.reporting.models import OfficeReportDraft, Submission
from finsup.reporting.office_drafting import drafted_values
from finsup.reporting.periods import Period
from tests import factories as f

NOW = datetime.datetime.fromisoformat("2026-07-10T10:00:00+08:00")  # 2026H1 is due 2026-07-20
H1 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
LATE = datetime.datetime.fromisoformat("2026-07-25T10:00:00+08:00")


@pytest.fixture
def now(monkeypatch):
    moment = {"now": NOW}
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment["now"])
    return moment


def _values(office, report_code="county_semiannual", **changes):
    report = svc.office_report(office, report_code)
    values = drafted_values(report=report, office=office, period=H1)
    if "onsite_inspections" in values:  # the world has institutions but no inspection: the check wants one
        values["onsite_inspections"] = "1"
    values.update(changes)
    return values


def _file(world, staff, *, report_code="county_semiannual", reason="", **changes):
    """Sent by the clerk, checked by the lead supervisor, signed off by the leader: filed."""
    office = staff["clerk"].office
    document = svc.office_report_send(
        by=staff["clerk"],
        office=office,
        report_code=report_code,
        period=H1,
        raw=_values(office, report_code, **changes),
        correction_reason=reason,
    )
    document_check(document=document, by=staff["lead_supervisor"])
    document_sign_off(document=document, by=staff["leader"])
    return svc.current_office_filing(office=office, report_code=report_code, period_end=H1.end)


def test_the_form_is_drafted_from_the_records_with_next_steps_and_no_placeholder(world, now):
    office = world.lanshan["clerk"].office
    values = drafted_values(report=svc.office_report(office, "county_semiannual"), office=office, period=H1)
    assert values["microloan_count"] == "1"  # the world's institution in Lanshan
    assert values["onsite_inspections"] == "0"
    assert "我区" in values["summary_text"] and "2026年上半年" in values["summary_text"]
    assert values["next_steps_text"].startswith("1. ")
    assert "【" not in values["next_steps_text"] and "__" not in values["summary_text"]


def test_signing_off_files_version_1_with_its_numbered_document_and_receipt(world, now):
    filing = _file(world, world.lanshan, onsite_inspections="1")
    assert filing.status == SubmissionStatus.SUBMITTED and filing.version == 1
    assert filing.institution is None and filing.office == world.lanshan["clerk"].office
    assert "报〔2026〕" in filing.document.number
    assert filing.document.kind == "supervision_report"
    assert filing.submitted_by == world.lanshan["leader"]
    assert svc.receipt_number(filing) == "371302-2026H1-1"
    assert filing.values["onsite_inspections"] == 1


def test_return_with_reason_then_refile_as_a_new_version_then_accept(world, now):
    first = _file(world, world.lanshan, onsite_inspections="1")
    with pytest.raises(ApplicationError):
        svc.office_report_return(submission=first, by=world.city["lead_supervisor"], reason="  ")
    svc.office_report_return(submission=first, by=world.city["lead_supervisor"], reason="现场检查次数与台账不符")
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED
    # Refiling without a reason is refused; with one it is version 2 and version 1 is superseded.
    with pytest.raises(ApplicationError):
        svc.office_report_send(
            by=world.lanshan["clerk"],
            office=first.office,
            report_code="county_semiannual",
            period=H1,
            raw=_values(first.office, onsite_inspections="2"),
        )
    second = _file(world, world.lanshan, reason="按退回意见更正现场检查次数", onsite_inspections="2")
    first.refresh_from_db()
    assert (first.status, second.version, second.supersedes) == (SubmissionStatus.SUPERSEDED, 2, first)
    assert second.correction_reason == "按退回意见更正现场检查次数"
    assert second.document != first.document
    svc.office_report_accept(submission=second, by=world.city["lead_supervisor"])
    second.refresh_from_db()
    assert second.status == SubmissionStatus.ACCEPTED
    with pytest.raises(ApplicationError):
        svc.office_report_return(submission=second, by=world.city["lead_supervisor"], reason="再退")


def test_only_the_office_above_reviews_and_only_the_office_files(world, now):
    filing = _file(world, world.lanshan)
    for user in (world.lanshan["leader"], world.luozhuang["lead_supervisor"], world.city["inspector"]):
        with pytest.raises(PermissionDenied):
            svc.office_report_accept(submission=filing, by=user)
    with pytest.raises(PermissionDenied):  # the city does not file the county's report
        svc.office_report_send(
            by=world.city["clerk"],
            office=world.lanshan["clerk"].office,
            report_code="county_semiannual",
            period=H1,
            raw=_values(world.lanshan["clerk"].office),
        )
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == 1


def test_figures_are_checked_before_the_document_is_drafted(world, now):
    office = world.lanshan["clerk"].office
    with pytest.raises(ApplicationError) as refused:
        svc.office_report_send(
            by=world.lanshan["clerk"],
            office=office,
            report_code="county_semiannual",
            period=H1,
            raw=_values(office, complaints_received="1", complaints_resolved="5"),
        )
    assert refused.value.errors
    assert not Submission.objects.exists()


def test_a_period_not_ended_cannot_be_drafted(world, now):
    office = world.lanshan["clerk"].office
    with pytest.raises(ApplicationError):
        svc.office_draft_save(
            by=world.lanshan["clerk"],
            office=office,
            report_code="county_semiannual",
            period=Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
            raw={},
        )


def test_saving_after_sending_revises_the_document(world, now):
    office = world.lanshan["clerk"].office
    raw = _values(office)
    document = svc.office_report_send(
        by=world.lanshan["clerk"], office=office, report_code="county_semiannual", period=H1, raw=raw
    )
    svc.office_draft_save(
        by=world.lanshan["clerk"],
        office=office,
        report_code="county_semiannual",
        period=H1,
        raw={**raw, "summary_text": "改过的总体情况。"},
    )
    draft = OfficeReportDraft.objects.get()
    latest = svc.pending_document(draft)
    assert latest.series == document.series and latest.version == 2
    assert "改过的总体情况。" in latest.context["sections"]


def test_deadline_and_overdue_reach_the_work_queues(world, now):
    office = world.lanshan["clerk"].office
    duty = next(
        d for d in svc.office_duties(office=office) if d["report"].code == "county_semiannual" and d["period"] == H1
    )
    assert duty["due"] == datetime.date(2026, 7, 20) and not duty["overdue"]
    now["now"] = LATE
    items = {i.label: i for i in waiting_for(world.lanshan["clerk"])}
    assert items["本办应报的监管工作报告"].overdue >= 1
    filing = _file(world, world.lanshan)
    city_items = {i.label: i for i in waiting_for(world.city["lead_supervisor"])}
    assert city_items["下级金融办报送待审核的报告"].count == 1
    assert filing.status == SubmissionStatus.SUBMITTED


def test_jurisdiction_pages_404_outside(world, now, client):
    filing = _file(world, world.lanshan)
    url = reverse("reporting:office_filing", args=[filing.pk])
    receipt = reverse("reporting:office_receipt", args=[filing.pk])
    for user, status in (
        (world.lanshan["clerk"], 200),
        (world.city["inspector"], 200),
        (world.luozhuang["leader"], 404),
        (world.clerk_lanshan_inst, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.get(receipt).status_code == status, user
    client.force_login(world.luozhuang["lead_supervisor"])
    response = client.post(reverse("reporting:office_review", args=[filing.pk, "accept"]))
    assert response.status_code == 404
    client.force_login(world.lanshan["clerk"])
    page = client.get(receipt).content.decode()
    assert "371302-2026H1-1" in page and "报送回执" in page
    # An office filing is not an institution's: its pages are elsewhere.
    assert client.get(reverse("reporting:detail", args=[filing.pk])).status_code == 404


def test_the_city_files_to_the_province_which_reviews(world, now):
    city = world.city["clerk"].office
    province = f.make_user("prov_supervisor", "lead_supervisor", "370000")
    assert {r.code for r in svc.office_reports(city)} >= {
        "city_semiannual",
        "city_annual",
        "city_microloan_annual_review",
    }
    filing = _file(world, world.city, report_code="city_semiannual")
    assert filing.document.context["addressee"] == "山东省地方金融监督管理局"
    with pytest.raises(PermissionDenied):
        svc.office_report_accept(submission=filing, by=world.city["leader"])
    svc.office_report_accept(submission=filing, by=province)
    filing.refresh_from_db()
    assert filing.status == SubmissionStatus.ACCEPTED


def test_reminders_before_the_deadline_then_overdue_once_each(world, now):
    from finsup.notifications.models import Notification
    from finsup.reporting.reminders import remind_office_reports

    clerk = world.lanshan["clerk"]
    remind_office_reports(as_of=datetime.date(2026, 7, 1))  # 19 days before: nothing yet for 2026H1
    assert not Notification.objects.filter(user=clerk, title__contains="2026年上半年").exists()
    remind_office_reports(as_of=datetime.date(2026, 7, 14))
    remind_office_reports(as_of=datetime.date(2026, 7, 14))
    due = Notification.objects.filter(user=clerk, title__contains="2026年上半年")
    assert due.count() == 1 and "应于2026年7月20日前报送" in due.get().title
    remind_office_reports(as_of=datetime.date(2026, 7, 21))
    assert due.filter(title__contains="已逾期").count() == 1
    assert Notification.objects.filter(user=world.city["clerk"], title__startswith="兰山区").exists()


def test_the_daily_command_reminds_the_offices_once(world, now, capsys):
    """`finsup filings remind-offices`, as cron runs it daily: a second run the same day sends nothing."""
    from django.core.management import call_command

    from finsup.notifications.models import Notification

    clerk = world.lanshan["clerk"]
    call_command("filings", "remind-offices", "--as-of", "2026-07-14")
    first = capsys.readouterr().out
    assert first.strip().endswith("new reminders of offices' own reports") and not first.startswith("0 ")
    assert Notification.objects.filter(user=clerk, title__contains="2026年上半年").count() == 1
    call_command("filings", "remind-offices", "--as-of", "2026-07-14")
    assert capsys.readouterr().out.strip() == "0 new reminders of offices' own reports"
