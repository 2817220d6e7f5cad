import datetime

import pytest
from django.utils import timezone

from finsup.complaints import selectors, services
from finsup.complaints.models import Complaint

from .factories import file_complaint

pytestmark = pytest.mark.django_db


def test_overdue_complaints_follow_the_configured_deadlines(world, settings):
    settings.FINSUP_COMPLAINT_DEADLINE_DAYS = {"accept": 5, "investigate": 10, "result": 60}
    now = timezone.now()
    late = file_complaint(world.inst_lanshan, now=now - datetime.timedelta(days=6))
    on_time = file_complaint(world.inst_lanshan, now=now - datetime.timedelta(days=4))
    sup = world.lanshan["lead_supervisor"]
    accepted = services.complaint_transition(complaint=on_time, to_status="accepted", by=sup)
    assert list(selectors.complaints_overdue(actor=sup, now=now)) == [late]
    assert list(selectors.complaints_overdue(actor=sup, now=now + datetime.timedelta(days=11))) == [late, accepted]
    assert selectors.complaint_deadline(accepted) == accepted.accepted_at + datetime.timedelta(days=10)
    assert list(selectors.complaints_overdue(actor=world.luozhuang["lead_supervisor"], now=now)) == []


def test_complaints_are_scoped_to_the_handling_office(world):
    c = file_complaint(world.inst_lanshan)
    city = file_complaint(None)
    assert set(Complaint.objects.for_user(world.city["auditor"])) == {c, city}
    assert list(Complaint.objects.for_user(world.lanshan["inspector"])) == [c]
    assert not Complaint.objects.for_user(world.luozhuang["leader"]).exists()
    assert not Complaint.objects.for_user(world.clerk_lanshan_inst).exists()  # institutions never see complaints
    assert list(selectors.complaint_list(actor=world.lanshan["leader"], filters={"status": "received"})) == [c]
