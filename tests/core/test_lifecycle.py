"""The one lifecycle helper: lock, check the allowed table, write the event and the audit entry,
set the status, all or nothing. Exercised on the institution register (a status and an event table)."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, transaction

from finsup.audit.models import AuditEntry
from finsup.core import lifecycle
from finsup.core.errors import InvalidTransition
from finsup.core.lifecycle import Event, Lifecycle, transition
from finsup.institutions.choices import ALLOWED_TRANSITIONS, InstitutionStatus
from finsup.institutions.models import Institution, StatusChange

from .. import factories as f

DAY = datetime.date(2026, 3, 2)
INSTITUTION = Lifecycle(
    model=Institution,
    table=ALLOWED_TRANSITIONS,
    refusal=lambda current, to: f"refused: {current} -> {to}",
    event=Event(model=StatusChange, owner="institution", by="recorded_by", at=None, note="reason"),
    refusal_field="to_status",
    audit_note="reason",
)


def move(institution, to, by, **kwargs):
    return transition(
        institution, to=to, by=by, note="decision", lifecycle=INSTITUTION, event_fields={"effective_on": DAY}, **kwargs
    )


@pytest.fixture
def institution(db):
    return f.make_institution(status=InstitutionStatus.OPERATING)


@pytest.fixture
def clerk(db):
    return f.make_user("lc_clerk", "clerk", "371302")


def status_entries(institution):
    return AuditEntry.objects.filter(action="status", object_id=str(institution.pk))


def test_an_allowed_move_sets_the_status_and_writes_one_event_and_one_audit_entry(institution, clerk):
    moved = move(institution, InstitutionStatus.SUSPENDED, clerk)
    assert moved.status == InstitutionStatus.SUSPENDED
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.SUSPENDED
    [event] = StatusChange.objects.filter(institution=institution)
    assert (event.from_status, event.to_status, event.recorded_by, event.reason, event.effective_on) == (
        InstitutionStatus.OPERATING,
        InstitutionStatus.SUSPENDED,
        clerk,
        "decision",
        DAY,
    )
    [entry] = status_entries(institution)
    assert entry.changes == {"status": ["operating", "suspended"], "reason": [None, "decision"]}


def test_a_refused_move_raises_the_table_message_and_writes_nothing(institution, clerk):
    move(institution, InstitutionStatus.REVOKED, clerk)
    with pytest.raises(InvalidTransition) as refused:
        move(institution, InstitutionStatus.OPERATING, clerk)
    assert refused.value.message == "refused: revoked -> operating"
    assert refused.value.field == "to_status"
    assert refused.value.code == "invalid_transition"
    assert StatusChange.objects.filter(institution=institution).count() == 1
    assert status_entries(institution).count() == 1


def test_a_stale_object_is_read_again_under_the_lock(institution, clerk):
    stale = Institution.objects.get(pk=institution.pk)
    move(institution, InstitutionStatus.REVOKED, clerk)
    assert stale.status == InstitutionStatus.OPERATING
    with pytest.raises(InvalidTransition, match="revoked -> suspended"):
        move(stale, InstitutionStatus.SUSPENDED, clerk)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.REVOKED


def test_the_lock_reads_the_row_again(institution):
    Institution.objects.filter(pk=institution.pk).update(status=InstitutionStatus.EXITING)
    assert INSTITUTION.lock(institution).status == InstitutionStatus.EXITING
    assert INSTITUTION.allows(InstitutionStatus.EXITING, InstitutionStatus.OPERATING)
    assert not INSTITUTION.allows(InstitutionStatus.REVOKED, InstitutionStatus.OPERATING)


def test_a_failure_writing_the_event_leaves_the_status_unchanged(institution, clerk):
    with mock.patch.object(StatusChange.objects, "create", side_effect=DatabaseError("disk I/O error")):
        with pytest.raises(DatabaseError), transaction.atomic():
            move(institution, InstitutionStatus.SUSPENDED, clerk)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.OPERATING
    assert not status_entries(institution).exists()


def test_a_failure_writing_the_audit_entry_leaves_no_event_and_the_status_unchanged(institution, clerk):
    with mock.patch.object(lifecycle, "_audit_writer", mock.Mock(side_effect=DatabaseError("disk I/O error"))):
        with pytest.raises(DatabaseError), transaction.atomic():
            move(institution, InstitutionStatus.SUSPENDED, clerk)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.OPERATING
    assert not StatusChange.objects.filter(institution=institution).exists()


def test_extra_fields_are_set_with_the_status_and_the_move_returns_its_event(institution, clerk):
    moved, event = lifecycle.move(
        institution,
        to=InstitutionStatus.SUSPENDED,
        by=clerk,
        note="",
        lifecycle=INSTITUTION,
        fields={"name": "renamed"},
        event_fields={"effective_on": DAY},
        audit_changes={"document_no": [None, "X-1"]},
    )
    moved.refresh_from_db()
    assert (moved.status, moved.name) == (InstitutionStatus.SUSPENDED, "renamed")
    assert event.to_status == InstitutionStatus.SUSPENDED
    [entry] = status_entries(institution)
    assert entry.changes == {"status": ["operating", "suspended"], "reason": [None, ""], "document_no": [None, "X-1"]}


def test_changes_that_hold_the_status_are_audited_as_given(institution, clerk):
    changes = {"name": ["old", "new"], "status": ["operating", "suspended"]}
    move(institution, InstitutionStatus.SUSPENDED, clerk, audit_changes=changes)
    [entry] = status_entries(institution)
    assert list(entry.changes) == ["name", "status"]
