"""Justifying a breach, step by step: the institution answers, the warning's handler accepts,
rejects (the institution answers again) or finds a false alarm. Each step is checked against the
transitions, recorded in the append-only history and the audit trail, and told to the other side."""

import hashlib

import pytest

from finsup.audit.models import AuditEntry
from finsup.complaints.attachments import CheckedFile
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.core.request_context import Actor, acting_as
from finsup.monitoring import justification as j
from finsup.monitoring.choices import JustificationStatus, WarningSource, WarningStatus
from finsup.monitoring.models import JustificationEvent, WarningEvent
from finsup.monitoring.services import warning_transition
from finsup.notifications.models import Notification

from .breach_helpers import filed_breaches
from .factories import make_warning


@pytest.fixture
def breaches(world):
    return filed_breaches(world)


def _steps(warning):
    return [(e.from_status, e.to_status, e.by.username, e.text) for e in warning.justification_events.order_by("pk")]


def _audit(warning):
    entries = AuditEntry.objects.filter(object_type="monitoring.riskwarning", object_id=str(warning.pk))
    return [e.changes.get("justification_status") or e.changes.get("status") for e in entries.order_by("seq")]


def test_accepted_justification_closes_the_warning_as_justified(world, breaches, django_capture_on_commit_callbacks):
    warning, lead = breaches.short_term, world.lanshan["lead_supervisor"]
    assert warning.justification_status == JustificationStatus.UNANSWERED and warning.assigned_to == lead
    with django_capture_on_commit_callbacks(execute=True):
        j.justification_submit(
            warning=warning, by=breaches.clerk, text="  一季度末临时购入国债逆回购，4月已到期收回。  "
        )
    warning.refresh_from_db()
    assert warning.justification_status == JustificationStatus.WAITING and warning.status == WarningStatus.OPEN
    told = Notification.objects.get(user=lead)
    assert warning.title in told.title and told.url == warning.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        j.justification_accept(warning=warning, by=lead, reason="已核对4月银行回单，属实。")
    warning.refresh_from_db()
    assert warning.justification_status == JustificationStatus.JUSTIFIED
    assert warning.status == WarningStatus.CLOSED and warning.closed_at is not None
    assert _steps(warning) == [
        ("unanswered", "waiting", breaches.clerk.username, "一季度末临时购入国债逆回购，4月已到期收回。"),
        ("waiting", "justified", lead.username, "已核对4月银行回单，属实。"),
    ]
    closing = WarningEvent.objects.filter(warning=warning).latest("pk")
    assert (closing.to_status, closing.by) == ("closed", lead) and "已核对4月银行回单" in closing.reason
    assert _audit(warning)[-3:] == [["unanswered", "waiting"], ["waiting", "justified"], ["open", "closed"]]
    told = Notification.objects.get(user=breaches.clerk)
    assert told.url == f"/warnings/breaches/{warning.pk}/"


def test_a_rejected_justification_is_answered_again(world, breaches, django_capture_on_commit_callbacks):
    warning, lead = breaches.related_party, world.lanshan["lead_supervisor"]
    j.justification_submit(warning=warning, by=breaches.clerk, text="关联方投资已获股东会批准。")
    with django_capture_on_commit_callbacks(execute=True):
        j.justification_reject(warning=warning, by=lead, reason="股东会批准不能突破10%的比例上限，请说明整改安排。")
    warning.refresh_from_db()
    assert warning.justification_status == JustificationStatus.REJECTED and warning.status == WarningStatus.OPEN
    told = Notification.objects.get(user=breaches.clerk)
    assert warning.title in told.title and told.url == f"/warnings/breaches/{warning.pk}/"

    j.justification_submit(warning=warning, by=breaches.clerk, text="已于4月收回500万元，比例降至10%。")
    j.justification_accept(warning=warning, by=world.city["leader"], reason="市办核实。")  # an office above may too
    warning.refresh_from_db()
    assert [s[:2] for s in _steps(warning)] == [
        ("unanswered", "waiting"),
        ("waiting", "rejected"),
        ("rejected", "waiting"),
        ("waiting", "justified"),
    ]


def test_a_false_alarm_closes_the_warning_with_or_without_an_answer(world, breaches):
    lead = world.lanshan["lead_supervisor"]
    j.breach_false_alarm(warning=breaches.short_term, by=lead, reason="公式误将定向私募计入分母。")
    j.justification_submit(warning=breaches.related_party, by=breaches.clerk, text="数据口径有误。")
    j.breach_false_alarm(warning=breaches.related_party, by=lead, reason="注册资本取值错误。")
    for warning in (breaches.short_term, breaches.related_party):
        warning.refresh_from_db()
        assert warning.justification_status == JustificationStatus.FALSE_ALARM
        assert warning.status == WarningStatus.CLOSED


def test_only_the_institution_answers_and_only_the_handlers_of_its_office_decide(world, breaches):
    warning = breaches.short_term
    for outsider in (world.clerk_lanshan_inst, world.lanshan["lead_supervisor"], world.city["clerk"]):
        with pytest.raises(PermissionDenied):
            j.justification_submit(warning=warning, by=outsider, text="说明")
    j.justification_submit(warning=warning, by=breaches.clerk, text="说明")
    for outsider in (
        world.luozhuang["lead_supervisor"],
        world.lanshan["inspector"],
        world.lanshan["clerk"],
        breaches.clerk,
    ):
        for step in (j.justification_accept, j.justification_reject, j.breach_false_alarm):
            with pytest.raises(PermissionDenied):
                step(warning=warning, by=outsider, reason="理由")
    warning.refresh_from_db()
    assert warning.justification_status == JustificationStatus.WAITING and warning.justification_events.count() == 1


def test_steps_out_of_order_are_refused_and_change_nothing(world, breaches):
    warning, lead = breaches.short_term, world.lanshan["lead_supervisor"]
    with pytest.raises(InvalidTransition):
        j.justification_accept(warning=warning, by=lead, reason="无说明可认可")
    with pytest.raises(InvalidTransition):
        j.justification_reject(warning=warning, by=lead, reason="无说明可退回")
    with pytest.raises(ApplicationError) as empty:
        j.justification_submit(warning=warning, by=breaches.clerk, text="   ")
    assert empty.value.field == "text"
    j.justification_submit(warning=warning, by=breaches.clerk, text="说明")
    with pytest.raises(InvalidTransition):
        j.justification_submit(warning=warning, by=breaches.clerk, text="再说明一次")  # waiting for the decision
    with pytest.raises(ApplicationError) as no_reason:
        j.justification_reject(warning=warning, by=lead, reason="")
    assert no_reason.value.field == "reason"
    # The warning cannot be closed past the justification waiting for a decision.
    with pytest.raises(InvalidTransition):
        warning_transition(warning=warning, to_status=WarningStatus.CLOSED, by=lead, reason="关闭")
    j.justification_accept(warning=warning, by=lead, reason="认可")
    with pytest.raises(InvalidTransition):
        j.breach_false_alarm(warning=warning, by=lead, reason="已关闭后再标误报")
    warning.refresh_from_db()
    assert warning.justification_status == JustificationStatus.JUSTIFIED and warning.justification_events.count() == 2


def test_a_closed_warning_or_one_of_the_office_s_own_analysis_is_not_justified(world, breaches):
    lead = world.lanshan["lead_supervisor"]
    warning_transition(warning=breaches.short_term, to_status=WarningStatus.CLOSED, by=lead, reason="已整改")
    with pytest.raises(InvalidTransition):
        j.justification_submit(warning=breaches.short_term, by=breaches.clerk, text="说明")
    late = make_warning(breaches.institution, source=WarningSource.LATE_FILING, title="逾期报送")
    with pytest.raises(InvalidTransition):
        j.breach_false_alarm(warning=late, by=lead, reason="不适用")


def test_the_attachment_is_stored_under_its_hash_and_the_history_is_append_only(world, breaches):
    pdf = b"%PDF-1.4 board resolution"
    sha = hashlib.sha256(pdf).hexdigest()
    with acting_as(Actor(user=breaches.clerk, address="10.0.0.8")):
        event = j.justification_submit(
            warning=breaches.short_term,
            by=breaches.clerk,
            text="见董事会决议",
            attachment=CheckedFile("董事会决议.pdf", pdf, "application/pdf", sha),
        )
    assert event.attachment.name == f"justifications/{sha[:2]}/{sha}" and event.attachment.read() == pdf
    assert (event.attachment_name, event.attachment_type, event.attachment_sha256) == (
        "董事会决议.pdf",
        "application/pdf",
        sha,
    )
    entry = AuditEntry.objects.filter(object_type="monitoring.riskwarning").latest("seq")
    assert entry.changes["attachment"] == [None, f"董事会决议.pdf ({sha})"] and entry.actor == breaches.clerk
    event.text = "改写"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        JustificationEvent.objects.get(pk=event.pk).delete()
