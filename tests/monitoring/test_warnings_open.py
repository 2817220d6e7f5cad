"""Opening many warnings at once (a batch of filings, a batch of rule results): each key opened
once, with its event and its audit entry, the same as opening them one at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finsup.audit.models import AuditEntry
from finsup.monitoring.choices import WarningLevel, WarningSource, WarningStatus
from finsup.monitoring.models import RiskWarning, WarningEvent
from finsup.monitoring.services import warning_open, warnings_open


def _spec(institution, n: int) -> dict:
    return dict(
        institution=institution,
        key=f"{WarningSource.LATE_FILING}:{institution.pk}:ml_monthly_business:2026-{n:02d}",
        source=WarningSource.LATE_FILING,
        level=WarningLevel.INFO,
        title=f"月报 {n} 月逾期报送",
        detail="应于 10 日前报送",
    )


@pytest.mark.django_db
def test_each_key_opens_once_with_its_event_and_audit_entry(world):
    inst = world.inst_lanshan
    earlier, _created = warning_open(**_spec(inst, 1))
    entries = AuditEntry.objects.count()
    specs = [_spec(inst, 1), _spec(inst, 2), _spec(inst, 3), _spec(inst, 2)]

    opened = warnings_open(specs)

    assert [created for _w, created in opened] == [False, True, True, False]
    assert opened[0][0].pk == earlier.pk and opened[1][0].pk == opened[3][0].pk
    assert RiskWarning.objects.filter(institution=inst).count() == 3
    fresh = [w for w, created in opened if created]
    for warning in fresh:
        assert warning.pk and warning.assigned_to_id == inst.lead_supervisor_id
        event = WarningEvent.objects.get(warning=warning)
        assert (event.from_status, event.to_status, event.reason) == ("", WarningStatus.OPEN, "应于 10 日前报送")
    audited = AuditEntry.objects.filter(seq__gt=0).order_by("-seq")[:2]
    assert AuditEntry.objects.count() == entries + 2
    assert {e.object_id for e in audited} == {str(w.pk) for w in fresh}
    assert {e.office_path for e in audited} == {inst.county.path}


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_warnings(world):
    inst = world.inst_lanshan
    warning_open(**_spec(inst, 1))  # the first entry of the audit chain creates its head
    with CaptureQueriesContext(connection) as few:
        warnings_open([_spec(inst, n) for n in range(2, 4)])
    with CaptureQueriesContext(connection) as many:
        warnings_open([_spec(inst, n) for n in range(4, 14)])
    assert len(many) == len(few)


@pytest.mark.django_db
def test_nothing_to_open_writes_nothing(world):
    entries = AuditEntry.objects.count()
    assert warnings_open([]) == []
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_warning_already_open_costs_one_lookup_and_locks_nothing(world):
    inst = world.inst_lanshan
    warning, _created = warning_open(**_spec(inst, 1))
    with CaptureQueriesContext(connection) as queries:
        again = warnings_open([_spec(inst, 1)])
    assert again == [(warning, False)]
    assert [q["sql"] for q in queries if "audit" in q["sql"]] == []
    assert len([q for q in queries if q["sql"].startswith("SELECT")]) == 1
