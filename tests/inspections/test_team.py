"""At least two inspectors (source (一) 四(二), (三) 四(三)), and no one with a declared conflict."""

import pytest

from finsup.accounts.choices import Role
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.inspections import services as s
from finsup.inspections.choices import InspectionStatus, TeamRole
from finsup.inspections.models import InspectionMember
from tests import factories as f

from .helpers import new_inspection, staff


def _notified(world, members):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    staff(inspection, inspector, members)
    s.inspection_notify(by=inspector, inspection=inspection)
    return inspection


def test_an_inspection_with_fewer_than_two_inspectors_cannot_start(world):
    inspector = world.lanshan["inspector"]
    inspection = _notified(world, [(inspector, TeamRole.LEADER)])
    with pytest.raises(ApplicationError) as error:
        s.inspection_start(by=inspector, inspection=inspection)
    assert error.value.code == "team_incomplete"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.NOTIFIED and inspection.started_at is None
    assert list(inspection.events.values_list("to_status", flat=True)) == ["notified"]

    second = f.make_user("lanshan_inspector2", Role.INSPECTOR, "371302")
    staff(inspection, inspector, [(second, TeamRole.MEMBER)])
    s.inspection_start(by=inspector, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_a_declared_conflict_takes_the_member_off_the_team(world):
    inspector, supervisor = world.lanshan["inspector"], world.lanshan["lead_supervisor"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    staff(inspection, inspector, [(supervisor, TeamRole.LEADER)])
    member = s.member_add(by=inspector, inspection=inspection, user=inspector)
    with pytest.raises(ApplicationError):
        s.member_declare(by=inspector, member=member, has_conflict=True, declaration="")  # must describe it
    s.member_declare(by=inspector, member=member, has_conflict=True, declaration="本人配偶在该公司任职。")
    member.refresh_from_db()
    assert member.has_conflict and member.withdrawn_at and member.declared_at
    with pytest.raises(ApplicationError):
        s.member_add(by=supervisor, inspection=inspection, user=inspector)
    s.inspection_notify(by=supervisor, inspection=inspection)
    with pytest.raises(ApplicationError):  # one inspector left
        s.inspection_start(by=supervisor, inspection=inspection)


def test_every_member_declares_before_the_start_and_only_for_themselves(world):
    inspector, supervisor = world.lanshan["inspector"], world.lanshan["lead_supervisor"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    staff(inspection, inspector, [(supervisor, TeamRole.LEADER)])
    member = s.member_add(by=inspector, inspection=inspection, user=inspector)
    with pytest.raises(PermissionDenied):
        s.member_declare(by=supervisor, member=member, has_conflict=False, declaration="")
    s.inspection_notify(by=inspector, inspection=inspection)
    with pytest.raises(ApplicationError):
        s.inspection_start(by=inspector, inspection=inspection)
    s.member_declare(by=inspector, member=member, has_conflict=False, declaration="")
    assert s.inspection_start(by=inspector, inspection=inspection).status == InspectionStatus.IN_PROGRESS


def test_members_are_inspectors_of_the_conducting_office(world):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    for user in (world.lanshan["clerk"], world.luozhuang["inspector"], world.city["inspector"]):
        with pytest.raises(ApplicationError):
            s.member_add(by=inspector, inspection=inspection, user=user)
    s.member_add(by=inspector, inspection=inspection, user=inspector, team_role=TeamRole.LEADER)
    with pytest.raises(ApplicationError):  # one leader
        s.member_add(by=inspector, inspection=inspection, user=world.lanshan["lead_supervisor"], team_role="leader")
    assert InspectionMember.objects.filter(inspection=inspection).count() == 1
