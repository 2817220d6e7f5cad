"""Archiving a closed matter: a gapless archive number per office and year, the retention period of
its kind, every file with its SHA-256 and the audit entry that recorded it; refused for an open
matter and for anyone but the archivists of the matter's own office; locked once archived."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from finsup.archives.choices import Retention
from finsup.archives.models import ArchiveCounter, ArchiveEntry, ArchiveItem
from finsup.archives.services import matter_archive
from finsup.audit.models import AuditEntry
from finsup.core.errors import InvalidTransition, OutOfScope, PermissionDenied
from finsup.inspections.models import IssuedDocument
from tests.inspections import helpers as h

from .conftest import closed_inspection


def test_archiving_a_closed_inspection_gives_its_number_and_retention(world, closed):
    clerk = world.lanshan["clerk"]
    entry = matter_archive(by=clerk, kind="inspection", pk=closed.pk)

    year = timezone.localtime(closed.closed_at).year
    assert entry.number == f"371302-{year}-D30-0001"
    assert entry.retention == Retention.YEARS_30 and entry.get_retention_display() == "定期30年"
    assert (entry.office, entry.year, entry.seq, entry.archived_by) == (clerk.office, year, 1, clerk)
    items = list(entry.items.order_by("position"))
    numbers = list(
        IssuedDocument.objects.filter(inspection=closed, document_id__isnull=False)
        .order_by("issued_at", "pk")
        .values_list("number", flat=True)
    )
    assert [i.doc_number for i in items if i.role == "document"] == numbers and len(numbers) == 4
    assert [i.title for i in items if i.role == "attachment"] == ["底稿", "底稿"]
    assert [i.name for i in items][-2:] == ["attachments/001-台账.xlsx", "attachments/002-访谈记录.pdf"]
    assert all(len(i.sha256) == 64 and i.audit_seq for i in items)
    assert items[0].pages == 1
    entry_audit = AuditEntry.objects.get(object_type="archives.archiveentry", object_id=str(entry.pk))
    assert entry_audit.changes["number"] == [None, entry.number]
    assert entry_audit.changes["manifest_sha256"] == [None, entry.manifest_sha256]

    second = matter_archive(by=world.lanshan["leader"], kind="inspection", pk=closed_inspection(world, evidence=()).pk)
    assert second.number == f"371302-{year}-D30-0002"


def test_an_open_inspection_is_refused_and_nothing_changes(world):
    inspection = h.started(world.lanshan, world.inst_lanshan)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(InvalidTransition) as refused:
        matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=inspection.pk)
    assert refused.value.code == "matter_open"
    assert refused.value.message == f"“{inspection.title}”尚未办结：事项办结或作出决定后方可归档。"
    assert not ArchiveEntry.objects.exists() and not ArchiveItem.objects.exists()
    assert not ArchiveCounter.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_only_the_archivists_of_the_matters_own_office_archive_it(world, closed):
    with pytest.raises(OutOfScope):  # another county: 404
        matter_archive(by=world.luozhuang["clerk"], kind="inspection", pk=closed.pk)
    with pytest.raises(PermissionDenied) as inspector:
        matter_archive(by=world.lanshan["inspector"], kind="inspection", pk=closed.pk)
    assert not isinstance(inspector.value, OutOfScope)
    with pytest.raises(PermissionDenied) as city:  # the city sees it but the county keeps its records
        matter_archive(by=world.city["leader"], kind="inspection", pk=closed.pk)
    assert city.value.code == "not_the_matters_office"
    assert not ArchiveEntry.objects.exists()
    matter_archive(by=world.lanshan["lead_supervisor"], kind="inspection", pk=closed.pk)
    with pytest.raises(InvalidTransition) as twice:
        matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    assert twice.value.code == "already_archived"


def test_a_closed_inspection_whose_documents_await_sign_off_is_refused(world):
    inspection = closed_inspection(world, evidence=(), sign_off=False)
    with pytest.raises(InvalidTransition) as refused:
        matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=inspection.pk)
    assert refused.value.code == "documents_not_signed_off"
    assert "4" in refused.value.message and not ArchiveEntry.objects.exists()


def test_an_archived_record_is_locked(world, closed):
    entry = matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    with pytest.raises(ValueError):
        entry.save()
    for rows, change in (
        (ArchiveEntry.objects.filter(pk=entry.pk), {"retention": Retention.YEARS_10}),
        (ArchiveItem.objects.filter(entry=entry), {"sha256": "0" * 64}),
    ):
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            rows.update(**change)
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            rows.delete()
    assert ArchiveEntry.objects.get(pk=entry.pk).retention == Retention.YEARS_30


def test_a_file_altered_before_archiving_is_refused(world, closed, settings):
    evidence = closed.evidence.first()
    (settings.MEDIA_ROOT / evidence.file.name).write_bytes(b"forged ledger")
    with pytest.raises(Exception) as refused:
        matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    assert getattr(refused.value, "code", "") == "file_altered"
    assert not ArchiveEntry.objects.exists()
