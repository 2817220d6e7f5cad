"""Incidents moved from the complaints app to their own (complaints 0003, incidents 0001): a
database holding incidents migrates with its rows, log, links, content types, append-only
triggers and audit chain as they were. The test goes back to the migrations before the move,
writes through the models of that state, and migrates forward again."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from finsup.audit.selectors import audit_entry_list
from finsup.audit.services import audit_record, audit_verify
from finsup.incidents import services
from finsup.incidents.models import Incident, IncidentLogEntry
from finsup.monitoring.services import warning_open

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("complaints", "0002_append_only_guard"), ("incidents", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state([t for t in targets if t[1]]).apps


@pytest.fixture
def leaves():
    """The latest migrations, migrated to again after the test whatever happens in it."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield leaves
    _migrate(leaves)


def test_an_existing_incident_survives_the_move_with_its_log_warnings_and_audit_entries(world, leaves):
    inst = world.inst_lanshan
    warning, _ = warning_open(institution=inst, key="m1", source="late_filing", level="warning", title="逾期")
    content_type_pk = ContentType.objects.get_for_model(Incident).pk
    old = _migrate(BEFORE)
    assert ContentType.objects.get(pk=content_type_pk).app_label == "complaints"
    now = timezone.now() - datetime.timedelta(hours=1)
    incident = old.get_model("complaints", "Incident").objects.create(
        institution_id=world.inst_lanshan.pk,
        office_id=world.inst_lanshan.county_id,
        kind="bank_run",
        severity="II",
        title="挤兑",
        description="大量客户聚集",
        occurred_at=now,
        reported_at=now,
        reported_by_id=world.clerk_lanshan_inst.pk,
    )
    incident.warnings.add(warning.pk)
    old.get_model("complaints", "IncidentLogEntry").objects.create(incident=incident, kind="report", at=now, text="x")
    with transaction.atomic():
        old_entry = audit_record(
            action="create", object_type="complaints.incident", object_id=str(incident.pk), object_repr="挤兑"
        )

    _migrate(leaves)

    moved = Incident.objects.get(pk=incident.pk)
    assert (moved.title, moved.status, moved.office_id) == ("挤兑", "reported", world.inst_lanshan.county_id)
    assert list(moved.warnings.values_list("pk", flat=True)) == [warning.pk]
    assert [e.text for e in IncidentLogEntry.objects.filter(incident=moved)] == ["x"]
    assert ContentType.objects.get_for_model(Incident).pk == content_type_pk  # the same row, relabelled
    assert not ContentType.objects.filter(app_label="complaints", model="incident").exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        IncidentLogEntry.objects.filter(incident=moved).update(text="changed")

    lead = world.lanshan["lead_supervisor"]
    services.incident_acknowledge(incident=moved, by=lead, note="已受理")
    entries, _filter = audit_entry_list(actor=world.city["leader"], filters={"object_type": "incidents.incident"})
    labels = {(e.pk, e.object_type) for e in entries}
    assert (old_entry.pk, "complaints.incident") in labels and len(labels) == 2
    assert audit_verify(anchors=False).intact
