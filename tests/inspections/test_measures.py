import pytest

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind, MeasureStatus
from finsup.inspections.models import IssuedDocument, Measure
from tests.documents.issuing import sign_all_open

from .helpers import make_warning, started, to_rectification

BASIS = "《山东省地方金融条例》第四十四条"


def _proposal(world, kind=MeasureKind.WARNING, warning="报表迟报"):
    return s.measure_propose(
        by=world.lanshan["lead_supervisor"],
        institution=world.inst_lanshan,
        kind=kind,
        proposal="连续两期报表迟报。",
        warnings=[make_warning(world.inst_lanshan, title=warning)],
    )


def test_only_a_leader_over_the_institution_decides(world, papers):
    measure = _proposal(world)
    for user in (world.lanshan["lead_supervisor"], world.lanshan["inspector"], world.city["lead_supervisor"]):
        with pytest.raises(PermissionDenied):
            s.measure_decide(by=user, measure=measure, reasons="理由", basis=BASIS)
    with pytest.raises(PermissionDenied):
        s.measure_decide(by=world.luozhuang["leader"], measure=measure, reasons="理由", basis=BASIS)
    with pytest.raises(ApplicationError):
        s.measure_decide(by=world.lanshan["leader"], measure=measure, reasons=" ", basis=BASIS)
    with pytest.raises(ApplicationError):
        s.measure_decide(by=world.lanshan["leader"], measure=measure, reasons="理由", basis="")
    measure.refresh_from_db()
    assert (measure.status, measure.decided_by, measure.reasons) == (MeasureStatus.PROPOSED, None, "")
    assert papers == []

    s.measure_decide(by=world.city["leader"], measure=measure, reasons="报表迟报，经提示仍未改正。", basis=BASIS)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DECIDED and measure.decided_by == world.city["leader"]
    assert papers == ["measure_decision"]
    sign_all_open()
    assert IssuedDocument.objects.get(measure=measure).number.startswith("临金办")
    with pytest.raises(ApplicationError):  # decided once
        s.measure_decide(by=world.city["leader"], measure=measure, reasons="再次", basis=BASIS)


def test_a_leader_may_dismiss_a_proposal_with_reasons(world):
    measure = _proposal(world)
    with pytest.raises(PermissionDenied):
        s.measure_dismiss(by=world.lanshan["lead_supervisor"], measure=measure, reasons="不必")
    s.measure_dismiss(by=world.lanshan["leader"], measure=measure, reasons="已自行纠正。")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DISMISSED


def test_a_leader_imposes_a_measure_linked_to_findings_and_warnings(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    finding = inspection.findings.get()
    warning = make_warning(world.inst_lanshan)
    measure = s.measure_impose(
        by=world.lanshan["leader"],
        institution=world.inst_lanshan,
        kind=MeasureKind.RECTIFICATION_ORDER,
        reasons="贷款分类不准确。",
        basis=BASIS,
        findings=[finding],
        warnings=[warning],
    )
    assert measure.status == MeasureStatus.DECIDED
    assert list(measure.findings.all()) == [finding] and list(measure.warnings.all()) == [warning]
    with pytest.raises(PermissionDenied):
        s.measure_impose(
            by=world.lanshan["lead_supervisor"],
            institution=world.inst_lanshan,
            kind=MeasureKind.REMINDER,
            reasons="x",
            basis=BASIS,
        )
    with pytest.raises(ApplicationError):  # links to another institution's warning
        s.measure_impose(
            by=world.city["leader"],
            institution=world.inst_lanshan,
            kind=MeasureKind.REMINDER,
            reasons="x",
            basis=BASIS,
            warnings=[make_warning(world.inst_luozhuang)],
        )


def test_an_undecided_proposal_of_the_same_kind_is_reused(world):
    first = _proposal(world)
    again = _proposal(world, warning="报表再次迟报")
    assert first == again and again.warnings.count() == 2
    assert Measure.objects.count() == 1


def test_obstructing_an_inspection_proposes_rating_v1_for_a_microloan_company(world):
    inspection = started(world.lanshan, world.inst_lanshan)
    measure = s.inspection_record_obstruction(
        by=world.lanshan["inspector"], inspection=inspection, account="拒绝提供贷款台账。"
    )
    assert (measure.kind, measure.status) == (MeasureKind.RATING_V1, MeasureStatus.PROPOSED)
    assert "拒绝提供贷款台账" in measure.proposal
