"""Inspections carried out before the platform was in use, entered from the office's ledger (补录)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.documents.models import OfficialDocument
from finsup.inspections import services as s
from finsup.inspections.choices import InspectionKind, InspectionStatus
from finsup.inspections.duties import Duty, DutyStatus, duties_as_of, missed_periods
from finsup.inspections.models import Inspection, InspectionEvent
from finsup.institutions.choices import InstitutionKind
from tests import factories as f
from tests.conftest import LANSHAN

D = datetime.date
SOURCE = "2025年检查台账"


@pytest.fixture(autouse=True)
def today(clock):
    clock.at("2026-08-03T02:00:00Z")  # 10:00 in Linyi


SEPT = D(2025, 9, 8), D(2025, 9, 9)


def _record(by, institution, *, team, started=SEPT[0], ended=SEPT[1], **kw):
    return s.past_inspection_record(
        by=by,
        institution=institution,
        kind=kw.pop("kind", InspectionKind.ANNUAL_AUDIT),
        started_on=started,
        ended_on=ended,
        team=team,
        source=kw.pop("source", SOURCE),
        **kw,
    )


def _team(users):
    return [users["lead_supervisor"], users["inspector"]]


def test_a_past_inspection_is_closed_marked_audited_and_issues_no_document(world):
    clerk = world.lanshan["clerk"]
    inspection = _record(clerk, world.inst_lanshan, team=_team(world.lanshan), findings_summary="档案不全，已补齐。")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED and inspection.recorded_afterwards
    assert inspection.record_source == SOURCE and inspection.office == clerk.office
    assert inspection.assessment == "档案不全，已补齐。"
    assert inspection.started_at.date() == D(2025, 9, 8) and inspection.onsite_ended_at.date() == D(2025, 9, 9)
    members = list(inspection.members.order_by("team_role", "pk").values_list("user__username", "team_role"))
    assert members == [
        (world.lanshan["lead_supervisor"].username, "leader"),
        (world.lanshan["inspector"].username, "member"),
    ]
    event = InspectionEvent.objects.get(inspection=inspection)
    assert event.to_status == InspectionStatus.CLOSED and SOURCE in event.note and event.by == clerk
    entry = AuditEntry.objects.get(object_type="inspections.inspection", object_id=str(inspection.pk))
    assert entry.changes["recorded_afterwards"] == [None, True] and entry.changes["record_source"] == [None, SOURCE]
    assert not OfficialDocument.objects.exists()


def test_it_counts_for_the_duties_like_any_inspection_of_its_kind_and_date(world):
    audit_due = D(2026, 2, 1)
    microloan = f.make_institution(LANSHAN, name="兰山补录小贷公司")
    rows = {r.duty: r for r in duties_as_of(actor=world.city["leader"], as_of=audit_due) if r.institution == microloan}
    assert rows[Duty.ML_ANNUAL_AUDIT].status == DutyStatus.OVERDUE  # 2025's audit missing
    assert any(
        m.institution == microloan
        for m in missed_periods(actor=world.city["leader"], since=D(2025, 1, 1), as_of=audit_due)
    )

    _record(world.lanshan["lead_supervisor"], microloan, team=_team(world.lanshan))
    rows = {r.duty: r for r in duties_as_of(actor=world.city["leader"], as_of=audit_due) if r.institution == microloan}
    assert rows[Duty.ML_ANNUAL_AUDIT].status == DutyStatus.DUE
    assert rows[Duty.ML_ANNUAL_AUDIT].last_inspection.recorded_afterwards
    assert not [
        m
        for m in missed_periods(actor=world.city["leader"], since=D(2025, 1, 1), as_of=audit_due)
        if m.institution == microloan
    ]

    # A thematic inspection does not count for the annual audit, as in the platform.
    other = f.make_institution(LANSHAN, name="兰山另一小贷公司")
    _record(world.lanshan["clerk"], other, kind=InspectionKind.THEMATIC, team=_team(world.lanshan))
    rows = {r.duty: r for r in duties_as_of(actor=world.city["leader"], as_of=audit_due) if r.institution == other}
    assert rows[Duty.ML_ANNUAL_AUDIT].status == DutyStatus.OVERDUE


def test_the_city_records_its_quarterly_inspection_of_a_county_registry(world):
    registry = f.make_institution(LANSHAN, kind=InstitutionKind.LENDING_REGISTRY, name="兰山补录登记服务公司")
    _record(
        world.city["clerk"],
        registry,
        kind=InspectionKind.THEMATIC,
        team=_team(world.city),
        started=D(2026, 6, 10),
        ended=D(2026, 6, 10),
    )
    rows = {
        r.duty: r for r in duties_as_of(actor=world.city["leader"], as_of=D(2026, 8, 3)) if r.institution == registry
    }
    assert rows[Duty.LR_CITY_QUARTERLY].status == DutyStatus.DUE  # Q2 kept, Q3 due


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"started": D(2026, 8, 3), "ended": D(2026, 8, 4)}, "不能是将来"),
        ({"started": D(2025, 9, 9), "ended": D(2025, 9, 8)}, "结束"),
        ({"source": "  "}, "来源"),
        ({"started": D(2014, 6, 2), "ended": D(2014, 6, 3)}, "获批"),
    ],
)
def test_refusals_are_in_chinese_and_change_nothing(world, kwargs, message):
    before = (Inspection.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ApplicationError) as refused, translation.override("zh-hans"):
        _record(world.lanshan["clerk"], world.inst_lanshan, team=_team(world.lanshan), **kwargs)
    assert message in str(refused.value.message)
    assert (Inspection.objects.count(), AuditEntry.objects.count()) == before


def test_a_duplicate_of_the_same_institution_kind_and_start_day_is_refused(world):
    _record(world.lanshan["clerk"], world.inst_lanshan, team=_team(world.lanshan))
    with pytest.raises(ApplicationError) as refused, translation.override("zh-hans"):
        _record(world.lanshan["clerk"], world.inst_lanshan, team=_team(world.lanshan), ended=D(2025, 9, 12))
    assert "已有" in str(refused.value.message)
    # Another kind the same day, or the same kind another day, is another inspection.
    _record(world.lanshan["clerk"], world.inst_lanshan, kind=InspectionKind.THEMATIC, team=_team(world.lanshan))
    _record(
        world.lanshan["clerk"],
        world.inst_lanshan,
        team=_team(world.lanshan),
        started=D(2025, 10, 8),
        ended=D(2025, 10, 8),
    )
    assert Inspection.objects.filter(recorded_afterwards=True).count() == 3


def test_a_batch_is_all_or_nothing_and_names_the_row(world):
    rows = [
        s.PastInspection(
            world.inst_lanshan, InspectionKind.THEMATIC, D(2025, 3, 3), D(2025, 3, 3), _team(world.lanshan)
        ),
        s.PastInspection(
            world.inst_lanshan, InspectionKind.THEMATIC, D(2025, 3, 3), D(2025, 3, 4), _team(world.lanshan)
        ),
    ]
    with pytest.raises(ApplicationError) as refused, translation.override("zh-hans"):
        s.past_inspections_record(by=world.lanshan["clerk"], rows=rows, source=SOURCE)
    assert "第2行" in str(refused.value.message)
    assert not Inspection.objects.exists()


def test_jurisdiction_team_and_roles(world):
    # Another county's institution: outside the office's jurisdiction.
    with pytest.raises(OutOfScope):
        _record(world.lanshan["clerk"], world.inst_luozhuang, team=_team(world.lanshan))
    # The team is the office's own inspectors and lead supervisors, at least two.
    with pytest.raises(ApplicationError):
        _record(world.lanshan["clerk"], world.inst_lanshan, team=_team(world.luozhuang))
    with pytest.raises(ApplicationError):
        _record(world.lanshan["clerk"], world.inst_lanshan, team=[world.lanshan["inspector"]])
    # Inspectors run inspections; the ledger is entered by a lead supervisor or a clerk.
    with pytest.raises(PermissionDenied):
        _record(world.lanshan["inspector"], world.inst_lanshan, team=_team(world.lanshan))
    with pytest.raises(PermissionDenied):
        _record(world.clerk_lanshan_inst, world.inst_lanshan, team=_team(world.lanshan))
    assert not Inspection.objects.exists()
    # The city supervises every county.
    _record(world.city["lead_supervisor"], world.inst_luozhuang, team=_team(world.city))


def test_the_page_records_one_and_the_list_marks_it(world, client_for):
    client = client_for(world.lanshan["clerk"])
    page = client.get(reverse("inspections:past_create"))
    assert page.status_code == 200
    data = {
        "institution": world.inst_lanshan.pk,
        "kind": InspectionKind.ANNUAL_AUDIT,
        "started_on": "2025-09-08",
        "ended_on": "2025-09-10",
        "leader": world.lanshan["lead_supervisor"].pk,
        "members": [world.lanshan["inspector"].pk],
        "findings_summary": "",
        "source": SOURCE,
    }
    response = client.post(reverse("inspections:past_create"), data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspections:detail", args=[inspection.pk])
    detail = client.get(response.url).content.decode()
    assert "补录" in detail and SOURCE in detail and "未发现问题" in detail
    listing = client.get(reverse("inspections:list")).content.decode()
    assert "补录" in listing and reverse("inspections:past_create") in listing
    # A refusal is shown on the form, in Chinese; nothing is written.
    response = client.post(reverse("inspections:past_create"), data | {"ended_on": "2025-09-07"})
    assert response.status_code == 200 and "结束" in response.content.decode()
    assert Inspection.objects.count() == 1
    # Inspectors do not see the page.
    assert client_for(world.lanshan["inspector"]).get(reverse("inspections:past_create")).status_code == 404
