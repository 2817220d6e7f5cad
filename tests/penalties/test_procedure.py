"""The procedure of 《行政处罚法》 from the opening to the decision, with its periods in working days
(第八十五条) on a fixed clock; the papers go through finsup.documents (the PDF converter is a stand-in)."""

import datetime
from decimal import Decimal

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, OutOfScope, PermissionDenied
from finsup.documents.models import OfficialDocument
from finsup.penalties import deadlines, services
from finsup.penalties.choices import CaseStatus, PaperKind
from finsup.penalties.models import CaseEvent, PenaltyCase

from .helpers import EVIDENCE, FACTS, RULE, decided, notified, opened, paper

D = datetime.date


@pytest.fixture(autouse=True)
def _pdf(fake_pdf):
    return fake_pdf


def test_the_whole_procedure_from_opening_to_decision(world, clock):
    institution = world.inst_lanshan
    case = services.case_propose(
        by=world.lanshan["inspector"], institution=institution, facts=FACTS, rule_breached=RULE, penalty="sd_fin_51"
    )
    assert case.status == CaseStatus.PROPOSED and case.office == world.lanshan["inspector"].office
    approval = paper(case, PaperKind.CASE_APPROVAL)
    assert OfficialDocument.objects.get(pk=approval.document_id).status == "draft"

    case = services.case_approve(by=world.lanshan["leader"], case=case, opinion="同意立案。")
    assert case.status == CaseStatus.OPENED and case.opened_by == world.lanshan["leader"]
    revised = OfficialDocument.objects.get(pk=paper(case, PaperKind.CASE_APPROVAL).document_id)
    assert revised.version == 2 and revised.context["opinion"] == "同意立案。"
    assert deadlines.decision_due(case) == D(2027, 3, 1)  # 90 days after 1 December (第六十条)

    case = services.case_record_evidence(by=world.lanshan["inspector"], case=case, evidence=EVIDENCE)
    services.case_notice_prepare(by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(20000))
    notice = paper(case, PaperKind.PRIOR_NOTICE)
    context = OfficialDocument.objects.get(pk=notice.document_id).context
    assert context["fine"] == "人民币2万元" and context["defence_days"] == "5" and not context.get("hearing_days")
    with pytest.raises(InvalidTransition):  # not checked yet (核稿)
        services.paper_issue(by=world.lanshan["leader"], case=case, paper=notice)
    with pytest.raises(PermissionDenied):  # the inspector checks nothing
        services.paper_check(by=world.lanshan["inspector"], case=case, paper=notice)
    services.paper_check(by=world.lanshan["lead_supervisor"], case=case, paper=notice)
    with pytest.raises(PermissionDenied):  # a leader of the city does not sign off for Lanshan
        services.paper_issue(by=world.city["leader"], case=case, paper=notice)
    assert PenaltyCase.objects.get(pk=case.pk).status == CaseStatus.OPENED
    services.paper_issue(by=world.lanshan["leader"], case=case, paper=notice)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED
    number = OfficialDocument.objects.get(
        series=OfficialDocument.objects.get(pk=notice.document_id).series, status="final"
    ).number
    assert "罚〔2026〕1号" in number

    receipt = services.paper_serve(
        by=world.lanshan["inspector"],
        case=case,
        paper=notice,
        served_on=D(2026, 12, 1),
        manner="direct",
        served_to="张三",
    )
    assert receipt.kind == PaperKind.SERVICE_RECEIPT and receipt.served_of_id == notice.pk
    assert OfficialDocument.objects.get(pk=receipt.document_id).context["served_number"] == number
    case.refresh_from_db()
    # Served on Tuesday 1 December: five working days are 2, 3, 4, 7 and 8 December.
    assert deadlines.defence_ends(case) == D(2026, 12, 8)
    assert deadlines.hearing_request_ends(case) is None  # 2万元: no hearing at this fine

    clock.on("2026-12-08")
    with pytest.raises(InvalidTransition) as refused:
        services.case_decision_prepare(
            by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(20000)
        )
    assert "2026-12-08" in refused.value.message and refused.value.code == "defence_period_running"
    assert not case.papers.filter(kind=PaperKind.DECISION).exists()

    clock.on("2026-12-09")
    case = decided(world, case, fine=20000)
    assert case.status == CaseStatus.DECIDED and case.fine_amount == Decimal(20000)
    assert case.decided_by == world.lanshan["leader"]
    decision = paper(case, PaperKind.DECISION)
    final = OfficialDocument.objects.get(pk=decision.document_id)
    assert final.status == "final" and final.number.endswith("罚〔2026〕2号")
    assert "未提出陈述、申辩意见" in final.context["statement"]
    services.paper_serve(
        by=world.lanshan["inspector"],
        case=case,
        paper=decision,
        served_on=D(2026, 12, 9),
        manner="mail",
        served_to="李四",
    )
    case.refresh_from_db()
    due = {d.key: d.due for d in deadlines.case_deadlines(case)}
    assert due["payment"] == D(2026, 12, 24)
    assert due["review"] == D(2027, 2, 7)
    assert due["suit"] == D(2027, 6, 9)
    clock.on("2026-12-21")
    case = services.case_fine_paid(by=world.lanshan["inspector"], case=case, paid_on=D(2026, 12, 18))
    assert [d.done for d in deadlines.case_deadlines(case) if d.key == "payment"] == [True]
    assert list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("to_status", flat=True)) == [
        CaseStatus.OPENED,
        CaseStatus.NOTIFIED,
        CaseStatus.DECIDED,
    ]
    assert case.papers.filter(kind=PaperKind.SERVICE_RECEIPT).count() == 2


def test_a_hearing_for_a_larger_fine(world, clock):
    case = opened(world, world.inst_lanshan, penalty="sd_fin_51_false")
    case = notified(world, case, fine=50000, penalty="sd_fin_51_false", served_on=D(2026, 12, 1))
    assert case.hearing_available and deadlines.hearing_request_ends(case) == D(2026, 12, 8)
    inspector, leader = world.lanshan["inspector"], world.lanshan["leader"]
    clock.on("2026-12-09")
    with pytest.raises(ApplicationError) as late:
        services.case_hearing_request(by=inspector, case=case, requested_on=D(2026, 12, 9))
    assert late.value.code == "hearing_request_late"
    case = services.case_hearing_request(by=inspector, case=case, requested_on=D(2026, 12, 8))
    assert case.status == CaseStatus.HEARING
    at = datetime.datetime.fromisoformat("2026-12-17T09:00:00+08:00")
    with pytest.raises(ApplicationError) as soon:  # 7 working days after 9 December: the 18th
        services.case_hearing_schedule(by=inspector, case=case, at=at, place="我办第一会议室", hearer="王五")
    assert soon.value.code == "hearing_notice_too_late"
    at = datetime.datetime.fromisoformat("2026-12-18T09:00:00+08:00")
    notice = services.case_hearing_schedule(by=inspector, case=case, at=at, place="我办第一会议室", hearer="王五")
    services.paper_check(by=world.lanshan["lead_supervisor"], case=case, paper=notice)
    services.paper_issue(by=leader, case=case, paper=notice)
    clock.on("2026-12-10")
    with pytest.raises(ApplicationError):  # served the 10th: fewer than 7 working days before the 18th
        services.paper_serve(
            by=inspector, case=case, paper=notice, served_on=D(2026, 12, 10), manner="direct", served_to="张三"
        )
    services.paper_serve(
        by=inspector, case=case, paper=notice, served_on=D(2026, 12, 9), manner="direct", served_to="张三"
    )
    case.refresh_from_db()
    with pytest.raises(InvalidTransition) as not_held:
        services.case_decision_prepare(by=inspector, case=case, penalty="sd_fin_51_false", fine=Decimal(50000))
    assert not_held.value.code == "hearing_not_held"
    clock.on("2026-12-18", hour=11)
    services.case_hearing_record(
        by=inspector, case=case, hearer="王五", persons="张三、李四", content="当事人称系工作疏忽。"
    )
    case = decided(world, case, penalty="sd_fin_51_false", fine=40000, review="经复核，不予采纳。")
    assert case.status == CaseStatus.DECIDED
    statement = OfficialDocument.objects.get(pk=paper(case, PaperKind.DECISION).document_id).context["statement"]
    assert "2026年12月18日依法举行了听证" in statement and statement.endswith("经复核，不予采纳。")


def test_a_fine_outside_the_range_is_refused_and_nothing_changes(world, clock):
    case = opened(world, world.inst_lanshan, penalty="sd_fin_51")
    entries, documents = AuditEntry.objects.count(), OfficialDocument.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.case_notice_prepare(by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(40000))
    assert refused.value.code == "fine_out_of_range" and refused.value.field == "fine"
    assert "4万元" in refused.value.message and "1万元以上3万元以下" in refused.value.message
    case.refresh_from_db()
    assert case.proposed_fine is None and case.status == CaseStatus.OPENED
    assert (AuditEntry.objects.count(), OfficialDocument.objects.count()) == (entries, documents)

    case = notified(world, case, fine=30000, served_on=D(2026, 12, 1))
    clock.on("2026-12-20")
    with pytest.raises(ApplicationError) as again:
        services.case_decision_prepare(
            by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal("30000.01")
        )
    assert again.value.code == "fine_out_of_range"
    assert PenaltyCase.objects.get(pk=case.pk).status == CaseStatus.NOTIFIED
    assert not case.papers.filter(kind=PaperKind.DECISION).exists()


def test_a_written_waiver_lets_the_leader_decide_before_the_period_ends(world, clock):
    case = notified(world, opened(world, world.inst_lanshan), fine=10000, served_on=D(2026, 12, 1))
    with pytest.raises(InvalidTransition):
        services.case_decision_prepare(
            by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(10000)
        )
    services.case_waive(by=world.lanshan["inspector"], case=case, waived_on=D(2026, 12, 1))
    case = decided(world, case, fine=10000)
    assert case.status == CaseStatus.DECIDED


def test_who_may_take_which_step(world, clock):
    institution = world.inst_lanshan
    with pytest.raises(OutOfScope):
        services.case_propose(
            by=world.luozhuang["inspector"],
            institution=institution,
            facts=FACTS,
            rule_breached=RULE,
            penalty="sd_fin_51",
        )
    with pytest.raises(PermissionDenied):
        services.case_propose(
            by=world.lanshan["clerk"], institution=institution, facts=FACTS, rule_breached=RULE, penalty="sd_fin_51"
        )
    case = services.case_propose(
        by=world.lanshan["lead_supervisor"],
        institution=institution,
        facts=FACTS,
        rule_breached=RULE,
        penalty="sd_fin_51",
    )
    for user in (world.lanshan["inspector"], world.lanshan["lead_supervisor"]):
        with pytest.raises(PermissionDenied):
            services.case_approve(by=user, case=case, opinion="同意。")
    case = services.case_approve(by=world.city["leader"], case=case, opinion="同意立案。")  # the city is above Lanshan
    assert case.status == CaseStatus.OPENED
    with pytest.raises(ApplicationError) as provision:
        services.case_propose(
            by=world.lanshan["inspector"], institution=institution, facts=FACTS, rule_breached=RULE, penalty="g683_99"
        )
    assert provision.value.code in ("penalty_not_applicable",)


def test_a_sign_off_given_outside_the_case_page_moves_the_case_or_is_refused(world, clock):
    """The documents' own sign-off (tests/documents/issuing.py, as a register page would do it)
    notifies the party; a decision signed off while the party may still be heard is refused and
    its sign-off undone."""
    from tests.documents.issuing import signed_off

    case = opened(world, world.inst_lanshan)
    services.case_notice_prepare(by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(15000))
    notice = OfficialDocument.objects.get(pk=paper(case, PaperKind.PRIOR_NOTICE).document_id)
    final = signed_off(notice)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED and paper(case, PaperKind.PRIOR_NOTICE).document_id == final.pk
    services.paper_serve(
        by=world.lanshan["inspector"],
        case=case,
        paper=paper(case, PaperKind.PRIOR_NOTICE),
        served_on=D(2026, 12, 1),
        manner="direct",
        served_to="张三",
    )
    services.case_waive(by=world.lanshan["inspector"], case=case, waived_on=D(2026, 12, 1))
    decision = services.case_decision_prepare(
        by=world.lanshan["inspector"], case=case, penalty="sd_fin_51", fine=Decimal(15000)
    )
    PenaltyCase.objects.filter(pk=case.pk).update(waived_on=None)  # as if the waiver had not come
    with pytest.raises(InvalidTransition):
        signed_off(OfficialDocument.objects.get(pk=decision.document_id))
    assert PenaltyCase.objects.get(pk=case.pk).status == CaseStatus.NOTIFIED
    assert not OfficialDocument.objects.filter(status="final", kind="penalty_decision").exists()
