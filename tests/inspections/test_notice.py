"""An unannounced ad hoc inspection sends no notice (source (一) 五(五): 临时性现场检查可以不提前通知)."""

import pytest

from finsup.core.errors import InvalidTransition
from finsup.inspections import services as s
from finsup.inspections.choices import InspectionKind, InspectionStatus
from finsup.inspections.models import IssuedDocument
from finsup.notifications.models import Notification
from tests.documents.issuing import sign_all_open

from .helpers import new_inspection, staff, team_of


def test_an_unannounced_ad_hoc_inspection_starts_without_any_notice(world, papers, django_capture_on_commit_callbacks):
    inspector = world.lanshan["inspector"]
    with django_capture_on_commit_callbacks(execute=True):
        inspection = new_inspection(inspector, world.inst_lanshan, kind=InspectionKind.AD_HOC, unannounced=True)
        staff(inspection, inspector, team_of(world.lanshan))
        with pytest.raises(InvalidTransition):
            s.inspection_notify(by=inspector, inspection=inspection)
        s.inspection_start(by=inspector, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS and inspection.notified_at is None
    assert [e.to_status for e in inspection.events.all()] == ["in_progress"]
    assert papers == []
    assert not IssuedDocument.objects.filter(inspection=inspection).exists()
    assert not Notification.objects.filter(user=world.clerk_lanshan_inst).exists()


def test_an_announced_inspection_notifies_the_institution(world, papers, django_capture_on_commit_callbacks):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan, kind=InspectionKind.AD_HOC)
    staff(inspection, inspector, team_of(world.lanshan))
    with django_capture_on_commit_callbacks(execute=True):
        s.inspection_notify(by=inspector, inspection=inspection, materials=["贷款台账"], contact="0539-1234567")
    assert papers == ["inspection_notice"]
    assert not Notification.objects.filter(user=world.clerk_lanshan_inst).exists()  # not before the sign-off
    with django_capture_on_commit_callbacks(execute=True):
        sign_all_open()
    notice = IssuedDocument.objects.get(inspection=inspection)
    assert notice.kind == "inspection_notice" and notice.number.startswith("兰金办检")
    assert Notification.objects.filter(user=world.clerk_lanshan_inst, title__contains=inspection.title).count() == 1
