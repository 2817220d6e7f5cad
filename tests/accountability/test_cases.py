"""Accountability cases and their transfers between bodies (issue 7, point 4)."""

import datetime

import pytest
from django.utils import timezone

from finsup.accountability import selectors, services
from finsup.accountability.choices import Body, CaseStatus, Decision, EventKind, StepKind, TransferStatus
from finsup.accountability.models import CaseEvent, CaseTransfer
from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(world):
    """Users of the discipline commission and the procuratorate attached to the city office."""
    return {
        "discipline": f.make_user("jiwei", "oversight", "371300", oversight_body="discipline"),
        "procuratorate": f.make_user("jianchayuan", "oversight", "371300", oversight_body="procuratorate"),
        "police": f.make_user("gongan", "oversight", "371300", oversight_body="police"),
    }


def _open(world, *, by=None, **data):
    """A case opened by `by` (the city's leader), against the Lanshan lead supervisor unless `data` says otherwise."""
    base = {
        "subject_kind": "staff",
        "subject_user": world.lanshan["lead_supervisor"],
        "title": "未按月开展现场检查",
        "allegation": "兰山区金融办主监管员连续两个月未对辖区民间融资服务公司开展现场检查。",
        "items": [24],
    }
    return services.case_open(by=by or world.city["leader"], data={**base, **data})


def test_a_case_transferred_and_returned_keeps_its_whole_history(world, bodies):
    leader, discipline = world.city["leader"], bodies["discipline"]
    procuratorate = bodies["procuratorate"]
    case = _open(world, sources=[f"institutions.institution:{world.inst_lanshan.pk}"])
    services.case_step(case=case, by=leader, step_kind=StepKind.INVESTIGATION, text="调取检查台账，核实未检查事实。")
    first = services.transfer_send(case=case, by=leader, to_body=Body.PROCURATORATE, reason="涉嫌玩忽职守")
    services.transfer_accept(transfer=first, by=procuratorate, note="已接收")
    services.transfer_supervise(
        transfer=first, by=discipline, text="请于月底前反馈", due_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    services.transfer_return(transfer=first, by=procuratorate, reason="不构成犯罪，退回金融办依纪处理")

    case.refresh_from_db()
    first.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING  # back with the office, still open
    assert first.status == TransferStatus.RETURNED
    assert (first.reference, first.reason) == ("", "涉嫌玩忽职守") and first.letter_document_id is not None
    assert first.accepted_by == procuratorate and first.accepted_at is not None  # the acceptance is kept
    assert first.return_reason == "不构成犯罪，退回金融办依纪处理" and first.returned_at >= first.accepted_at
    assert first.supervision_due is not None

    # Sent again, to another body: the first transfer stays on record beside the second.
    second = services.transfer_send(case=case, by=leader, to_body=Body.DISCIPLINE, reason="依纪处理")
    history = list(selectors.case_history(case=case))
    assert [e.kind for e in history] == [
        EventKind.OPENED,
        EventKind.LINK,
        EventKind.STEP,
        EventKind.SENT,
        EventKind.ACCEPTED,
        EventKind.SUPERVISED,
        EventKind.RETURNED,
        EventKind.SENT,
    ]
    assert [e.body for e in history] == [
        "office",
        "office",
        "office",
        "office",
        "procuratorate",
        "discipline",
        "procuratorate",
        "office",
    ]
    assert [e.transfer_id for e in history if e.transfer_id] == [first.pk] * 4 + [second.pk]
    assert [t.pk for t in selectors.case_transfers(case=case)] == [first.pk, second.pk]
    # The history cannot be rewritten.
    with pytest.raises(ValueError):
        history[6].text = "改写"
        history[6].save()
    with pytest.raises(ValueError):
        history[0].delete()
    assert CaseEvent.objects.filter(case=case).count() == 8
    # And every step is in the audit trail.
    audited = AuditEntry.objects.filter(
        object_type__in=["accountability.accountabilitycase", "accountability.casetransfer"]
    )
    assert audited.count() >= 7


def test_only_the_receiving_body_answers_a_transfer(world, bodies, django_capture_on_commit_callbacks):
    case = _open(world)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = services.transfer_send(case=case, by=world.city["leader"], to_body=Body.PROCURATORATE, reason="移送")
    for wrong in (bodies["discipline"], bodies["police"], world.city["leader"], world.city["auditor"]):
        with pytest.raises(PermissionDenied):
            services.transfer_accept(transfer=transfer, by=wrong)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.SENT
    # Told: the procuratorate's user has a notification with a link to the case.
    assert Notification.objects.filter(user=bodies["procuratorate"], url=case.get_absolute_url()).exists()


def test_one_open_transfer_at_a_time_and_no_decision_while_away(world, bodies):
    leader = world.city["leader"]
    case = _open(world)
    services.case_step(case=case, by=leader, step_kind=StepKind.STATEMENT, text="本人陈述申辩")
    services.transfer_send(case=case, by=leader, to_body=Body.DISCIPLINE, reason="移送")
    with pytest.raises(InvalidTransition):
        services.transfer_send(case=case, by=leader, to_body=Body.POLICE, reason="再移送")
    with pytest.raises(InvalidTransition):
        services.case_decide(case=case, by=leader, decision=Decision.CRITICISM, reasons="批评教育")
    assert CaseTransfer.objects.filter(case=case).count() == 1


def test_decision_needs_a_hearing_and_sanctions_apply_to_people_only(world, bodies, django_capture_on_commit_callbacks):
    leader = world.city["leader"]
    case = _open(world)
    services.case_step(case=case, by=leader, step_kind=StepKind.INVESTIGATION, text="调查")
    with pytest.raises(ApplicationError) as err:
        services.case_decide(case=case, by=leader, decision=Decision.WARNING, reasons="失职")
    assert "陈述" in err.value.message
    services.case_step(case=case, by=leader, step_kind=StepKind.STATEMENT, text="当事人陈述")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_decide(case=case, by=leader, decision=Decision.WARNING, reasons="未履行检查职责")
    case.refresh_from_db()
    assert (case.status, case.decision) == (CaseStatus.DECIDED, Decision.WARNING)
    # The person concerned is told.
    assert Notification.objects.filter(user=world.lanshan["lead_supervisor"]).exists()
    services.case_close(case=case, by=leader)

    office_case = _open(world, subject_kind="office", subject_user=None, subject_office=world.lanshan["leader"].office)
    services.case_step(case=office_case, by=leader, step_kind=StepKind.STATEMENT, text="区金融办说明")
    with pytest.raises(ApplicationError):
        services.case_decide(case=office_case, by=leader, decision=Decision.DEMERIT, reasons="记过")
    services.case_decide(case=office_case, by=leader, decision=Decision.CIRCULATED, reasons="通报批评")


def test_who_may_open_a_case_and_against_whom(world, bodies):
    with pytest.raises(PermissionDenied):  # a county leader cannot open a case of the city
        _open(
            world,
            by=world.city["lead_supervisor"],
            subject_user=world.lanshan["clerk"],
            items=[8],
        )
    with pytest.raises(ApplicationError):  # a county leader: not against the city's staff
        _open(world, by=world.lanshan["leader"], subject_user=world.city["clerk"], items=[8])
    with pytest.raises(ApplicationError):  # not its own office
        _open(world, subject_kind="office", subject_user=None, subject_office=world.city["leader"].office)
    with pytest.raises(ApplicationError):  # items must be of the list
        _open(world, items=[99])
    with pytest.raises(ApplicationError):  # a record of another county is not linkable by the county
        _open(
            world,
            by=world.lanshan["leader"],
            subject_user=world.lanshan["clerk"],
            items=[8],
            sources=[f"institutions.institution:{world.inst_luozhuang.pk}"],
        )
    assert not selectors.case_list(actor=world.city["leader"]).exists()
    case = _open(world, by=world.lanshan["leader"], subject_user=world.lanshan["clerk"], items=[8])
    assert case.number == f"{case.office.document_prefix or case.office.short_name}责〔{timezone.localdate().year}〕1号"


def test_who_sees_which_cases(world, bodies):
    case = _open(world)
    county_case = _open(world, by=world.luozhuang["leader"], subject_user=world.luozhuang["clerk"], items=[8])
    seen = lambda user: set(selectors.case_list(actor=user).values_list("pk", flat=True))  # noqa: E731
    assert seen(world.city["leader"]) == seen(world.city["auditor"]) == {case.pk, county_case.pk}
    assert seen(world.lanshan["leader"]) == set()
    assert seen(world.luozhuang["auditor"]) == {county_case.pk}
    assert seen(bodies["discipline"]) == {case.pk, county_case.pk}  # the discipline commission sees all
    assert seen(bodies["procuratorate"]) == set()  # the others only what was sent to them
    services.transfer_send(case=case, by=world.city["leader"], to_body=Body.PROCURATORATE, reason="移送")
    assert seen(bodies["procuratorate"]) == {case.pk}
    assert seen(bodies["police"]) == set()


def test_a_body_concludes_and_the_office_closes_with_its_outcome(world, bodies):
    leader, police = world.city["leader"], bodies["police"]
    case = _open(world)
    services.case_step(case=case, by=leader, step_kind=StepKind.INVESTIGATION, text="发现涉嫌受贿线索")
    with pytest.raises(ApplicationError):  # nobody has concluded anything yet
        services.case_decide(case=case, by=leader, decision=Decision.OTHER_BODY, reasons="移送处理")
    transfer = services.transfer_send(case=case, by=leader, to_body=Body.POLICE, reason="涉嫌犯罪线索")
    with pytest.raises(InvalidTransition):  # concluded before it was accepted
        services.transfer_conclude(transfer=transfer, by=police, conclusion="已立案侦查")
    services.transfer_accept(transfer=transfer, by=police)
    with pytest.raises(ApplicationError):
        services.transfer_conclude(transfer=transfer, by=police, conclusion="  ")
    services.transfer_conclude(transfer=transfer, by=police, conclusion="已立案侦查并移送起诉")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CONCLUDED and transfer.conclusion == "已立案侦查并移送起诉"
    services.case_decide(case=case, by=leader, decision=Decision.OTHER_BODY, reasons="由公安机关依法处理")
    services.case_close(case=case, by=leader)
    case.refresh_from_db()
    assert (case.status, case.decision) == (CaseStatus.CLOSED, Decision.OTHER_BODY)
    assert list(case.events.values_list("kind", flat=True))[-4:] == [
        EventKind.ACCEPTED,
        EventKind.CONCLUDED,
        EventKind.DECIDED,
        EventKind.CLOSED,
    ]
