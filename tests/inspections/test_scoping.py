"""Jurisdiction: a county sees its own institutions' inspections only; the city sees all; an
institution user sees only its own rectification (from the opinion letter on)."""

from finsup.inspections import selectors
from finsup.inspections import services as s
from finsup.inspections.models import (
    EvidenceFile,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionMember,
    Interview,
    Measure,
    RectificationReport,
)

from .helpers import add_finding, started, to_rectification, upload


def test_a_county_user_cannot_see_another_countys_inspections(world):
    lanshan = started(world.lanshan, world.inst_lanshan)
    luozhuang = started(world.luozhuang, world.inst_luozhuang)
    by_city = started(world.city, world.inst_luozhuang)
    assert set(selectors.inspection_list(actor=world.lanshan["clerk"])) == {lanshan}
    assert set(selectors.inspection_list(actor=world.luozhuang["auditor"])) == {luozhuang, by_city}
    assert set(selectors.inspection_list(actor=world.city["auditor"])) == {lanshan, luozhuang, by_city}
    assert not InspectionMember.objects.for_user(world.lanshan["leader"]).filter(inspection=luozhuang).exists()
    assert not InspectionEvent.objects.for_user(world.lanshan["leader"]).filter(inspection=luozhuang).exists()


def test_institution_users_see_their_own_rectification_only(world):
    inspector = world.lanshan["inspector"]
    on_site = started(world.lanshan, world.inst_lanshan)
    add_finding(inspector, on_site)
    upload(inspector, on_site)
    clerk = world.clerk_lanshan_inst
    assert not Inspection.objects.for_user(clerk).exists()
    assert not Finding.objects.for_user(clerk).exists()

    rectifying = to_rectification(world.lanshan, world.inst_lanshan)
    finding = rectifying.findings.get()
    upload(inspector, rectifying)
    s.rectification_submit(by=clerk, finding=finding, text="已整改。")
    assert list(Inspection.objects.for_user(clerk)) == [rectifying]
    assert list(Finding.objects.for_user(clerk)) == [finding]
    assert RectificationReport.objects.for_user(clerk).count() == 1
    assert not EvidenceFile.objects.for_user(clerk).exists()  # working papers stay with the office
    assert not InspectionMember.objects.for_user(clerk).exists()

    other = world.clerk_luozhuang_inst
    for model in (Inspection, Finding, RectificationReport, EvidenceFile, Measure, Interview):
        assert not model.objects.for_user(other).exists(), model


def test_measures_and_interviews_are_for_staff_only(world):
    s.measure_propose(
        by=world.lanshan["lead_supervisor"], institution=world.inst_lanshan, kind="reminder", proposal="提示"
    )
    assert Measure.objects.for_user(world.lanshan["auditor"]).count() == 1
    assert not Measure.objects.for_user(world.luozhuang["leader"]).exists()
    assert not Measure.objects.for_user(world.clerk_lanshan_inst).exists()
