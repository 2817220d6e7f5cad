"""Documents print facts, not plans: after the notice, the on-site dates are the inspection's actual
start and the end of its on-site work, and the team is the persons who were there. A start before
the planned start needs its reason, recorded on the inspection, its event and the audit trail.

The clock is fixed; the plan (helpers.PLANNED) is 2 to 6 November 2026."""

import io

import pytest
from django.utils import translation
from docx import Document

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.documents.models import OfficialDocument
from finsup.inspections import services as s
from finsup.inspections.choices import InspectionStatus
from finsup.inspections.errors import Code
from finsup.inspections.models import Inspection, InspectionEvent

from .helpers import add_finding, new_inspection, staff, team_of

pytestmark = pytest.mark.django_db


def _notified(world):
    inspector = world.lanshan["inspector"]
    inspection = staff(new_inspection(inspector, world.inst_lanshan), inspector, team_of(world.lanshan))
    s.inspection_notify(by=inspector, inspection=inspection)
    return inspection


def _text(document: OfficialDocument) -> str:
    return "".join(p.text for p in Document(io.BytesIO(document.docx.read())).paragraphs)


def test_the_opinion_letter_prints_the_days_the_team_was_on_site(world, clock, papers):
    inspector = world.lanshan["inspector"]
    clock.at("2026-10-20T02:00:00Z")
    inspection = _notified(world)
    clock.at("2026-11-04T01:30:00Z")  # 09:30 on 4 November, two days after the planned start
    inspection = s.inspection_start(by=inspector, inspection=inspection)
    add_finding(inspector, inspection)
    clock.at("2026-11-10T08:00:00Z")  # the facts are presented on 10 November: the team leaves
    s.inspection_present_facts(by=inspector, inspection=inspection, facts=["贷款分类不准确"], assessment="内控薄弱。")
    inspection.refresh_from_db()
    assert inspection.onsite_ended_at.isoformat() == "2026-11-10T08:00:00+00:00"
    assert inspection.early_start_reason == ""  # a late start needs no reason
    clock.at("2026-11-12T02:00:00Z")
    s.inspection_report(
        by=inspector, inspection=inspection, confirmed_by="张三", confirmed_on=clock.now.date(), overview="概况。"
    )
    s.inspection_issue_opinion(by=inspector, inspection=inspection, requirements=["逐项整改"])

    documents = {d.kind: d for d in OfficialDocument.objects.all()}
    notice, letter = documents["inspection_notice"], documents["opinion_letter"]
    assert (notice.context["start_date"], notice.context["end_date"]) == ("2026-11-02", "2026-11-06")  # the plan
    for kind in ("fact_confirmation", "findings", "inspection_report", "opinion_letter"):
        context = documents[kind].context
        assert (context["start_date"], context["end_date"]) == ("2026-11-04", "2026-11-10"), kind
    text = _text(letter)
    assert "2026年11月4日至10日，我办对你公司进行了专项检查" in text
    assert "11月2日" not in text and "至6日" not in text
    team = [p["name"] for p in documents["inspection_report"].context["team"]]
    assert team == [str(m.user) for m in inspection.members.filter(withdrawn_at=None).order_by("team_role", "pk")]


def test_a_withdrawn_member_is_not_on_the_printed_team(world, clock, papers):
    inspector, lead, other = world.lanshan["inspector"], world.lanshan["lead_supervisor"], world.lanshan["leader"]
    clock.at("2026-11-03T01:00:00Z")
    inspection = staff(new_inspection(inspector, world.inst_lanshan), inspector, team_of(world.lanshan))
    inspection.members.create(user=other)  # joins, then declares a conflict and withdraws
    member = inspection.members.get(user=other)
    s.member_declare(by=other, member=member, has_conflict=True, declaration="其配偶在该公司任职")
    s.inspection_notify(by=inspector, inspection=inspection)
    inspection = s.inspection_start(by=inspector, inspection=inspection)
    s.inspection_present_facts(by=inspector, inspection=inspection, facts=["事实一"], assessment="评价。")
    confirmation = OfficialDocument.objects.get(kind="fact_confirmation")
    assert [p["name"] for p in confirmation.context["team"]] == [str(lead), str(inspector)]


def test_a_start_before_the_planned_date_without_a_reason_is_refused_and_changes_nothing(world, clock, papers):
    inspector = world.lanshan["inspector"]
    clock.at("2026-10-30T02:00:00Z")  # 30 October: three days before the planned start
    inspection = _notified(world)
    audited, events = AuditEntry.objects.count(), InspectionEvent.objects.count()
    for reason in ("", "   "):
        with pytest.raises(ApplicationError) as refused:
            s.inspection_start(by=inspector, inspection=inspection, early_start_reason=reason)
        assert refused.value.code == Code.EARLY_START_REASON_REQUIRED
        assert refused.value.field == "early_start_reason"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.NOTIFIED and inspection.started_at is None
    assert (AuditEntry.objects.count(), InspectionEvent.objects.count()) == (audited, events)

    reason = "被查机构计划于11月初搬迁，经协商提前进场"
    s.inspection_start(by=inspector, inspection=inspection, early_start_reason=reason)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS and inspection.early_start_reason == reason
    event = InspectionEvent.objects.filter(inspection=inspection).latest("pk")
    assert event.to_status == InspectionStatus.IN_PROGRESS and event.note == reason
    entry = AuditEntry.objects.filter(object_type="inspections.inspection", object_id=str(inspection.pk)).latest("seq")
    assert entry.changes["early_start_reason"] == [None, reason]
    assert entry.changes["status"] == [InspectionStatus.NOTIFIED, InspectionStatus.IN_PROGRESS]


def test_the_start_form_asks_for_the_reason_and_the_page_shows_it(client, world, clock, papers):
    inspector = world.lanshan["inspector"]
    clock.at("2026-10-30T02:00:00Z")
    inspection = _notified(world)
    client.force_login(inspector)
    url = f"/inspections/{inspection.pk}/"
    assert 'name="early_start_reason"' in client.get(url).content.decode()
    text = client.post(f"{url}start/", {"early_start_reason": ""}).content.decode()
    assert "这个字段是必填项。" in text
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.NOTIFIED
    response = client.post(f"{url}start/", {"early_start_reason": "机构搬迁，提前进场"})
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert 'id="early-start-reason"' in text and "机构搬迁，提前进场" in text and "提前进场理由" in text


def test_the_service_refuses_an_early_start_in_chinese(world, clock, papers):
    """The form cannot know the day a start is entered for; the service's own message is Chinese."""
    clock.at("2026-10-30T02:00:00Z")
    inspection = _notified(world)
    with translation.override("zh-hans"), pytest.raises(ApplicationError) as refused:
        s.inspection_start(by=world.lanshan["inspector"], inspection=inspection)
    assert refused.value.message == "本次检查计划于2026-11-02进场，提前进场须说明理由。"
