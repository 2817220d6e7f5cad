"""The demo's ledgers of past inspections (demo/activity_past_inspections.py): on the demo's day each
office has kept its inspection duties for the past periods but for one or two, and the current
period is due."""

import datetime
from collections import Counter

from django.utils import timezone

from finsup.accountability.overdue import overdue_inspections
from finsup.accounts.models import User
from finsup.demo.activity_past_inspections import LAPSED_AT_MOST
from finsup.documents.models import OfficialDocument
from finsup.inspections.duties import DutyStatus, duties_as_of
from finsup.inspections.models import Inspection

from .conftest import AS_OF

# `loaded`: the demo data set, loaded once for the package (tests/demo/conftest.py).


def test_each_office_has_kept_its_past_inspection_duties_but_one_or_two(loaded):
    leader = User.objects.get(username="city_leader")
    overdue = Counter(r.office.code for r in overdue_inspections(actor=leader, as_of=AS_OF))
    assert overdue and max(overdue.values()) <= LAPSED_AT_MOST, overdue
    assert "371300" in overdue or len(overdue) >= 5  # the accountability page still has something to show
    statuses = Counter(r.status for r in duties_as_of(actor=leader, as_of=AS_OF))
    assert statuses[DutyStatus.OVERDUE] == sum(overdue.values())
    assert statuses[DutyStatus.DUE] > 50  # the current period is still to do


def test_the_past_inspections_are_marked_closed_on_working_days_before_the_entry_and_issue_no_document(loaded):
    past = Inspection.objects.filter(recorded_afterwards=True)
    assert past.count() > 300
    assert not past.exclude(status="closed").exists()
    documented = OfficialDocument.objects.filter(content_type__model="inspection").values_list("object_id", flat=True)
    assert not past.filter(pk__in=documented).exists()
    clerks = set(past.values_list("created_by__role", flat=True))
    assert clerks == {"clerk"}
    for started_at, ended_at, created_at, source in past.values_list(
        "started_at", "onsite_ended_at", "created_at", "record_source"
    )[:400]:
        start, end = timezone.localtime(started_at), timezone.localtime(ended_at)
        assert start.weekday() < 5 and end.weekday() < 5 and start <= end < created_at
        assert timezone.localdate(created_at) < AS_OF and source.endswith("年现场检查台账")
    assert past.filter(started_at__lt=timezone.make_aware(datetime.datetime(AS_OF.year - 1, 1, 1))).count() == 0
