import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from finsup.core.errors import ApplicationError, InvalidTransition, NotFound
from finsup.inspections import services as s
from finsup.inspections.models import EvidenceFile

from .helpers import new_inspection, started, to_rectification, upload


def test_an_upload_is_stored_with_its_checksum_and_never_overwritten(world):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    first = upload(inspector, inspection, b"version one", name="贷款台账.xlsx")
    second = upload(inspector, inspection, b"version two", name="贷款台账.xlsx")
    assert first.pk != second.pk and first.file.name != second.file.name
    assert first.original_name == second.original_name == "贷款台账.xlsx"

    assert first.sha256 == hashlib.sha256(b"version one").hexdigest() and first.size == len(b"version one")
    with default_storage.open(first.file.name, "rb") as handle:
        assert handle.read() == b"version one"
    assert s.evidence_verify(evidence=first) and s.evidence_verify(evidence=second)
    evidence, content = s.evidence_read(actor=inspector, evidence_id=first.pk)
    assert content == b"version one"


def test_a_tampered_file_fails_verification_on_read(world):
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    evidence = upload(inspector, inspection, b"original")
    path = default_storage.path(evidence.file.name)
    with open(path, "wb") as handle:
        handle.write(b"altered!")
    assert not s.evidence_verify(evidence=evidence)
    with pytest.raises(ApplicationError) as error:
        s.evidence_read(actor=inspector, evidence_id=evidence.pk)
    assert error.value.code == "evidence_corrupt"
    default_storage.delete(evidence.file.name)
    assert not s.evidence_verify(evidence=evidence)


def test_evidence_is_collected_only_once_on_site_and_never_empty(world):
    inspector = world.lanshan["inspector"]
    inspection = new_inspection(inspector, world.inst_lanshan)
    with pytest.raises(InvalidTransition):
        upload(inspector, inspection)
    inspection = started(world.lanshan, world.inst_lanshan)
    with pytest.raises(ApplicationError):
        s.evidence_upload(by=inspector, inspection=inspection, file=ContentFile(b"", name="empty.txt"))
    with pytest.raises(ApplicationError):
        upload(world.luozhuang["inspector"], inspection)
    assert not EvidenceFile.objects.exists()


def test_the_size_limit_is_the_setting_in_force_when_the_file_arrives(world, settings):
    """FINSUP_EVIDENCE_MAX_BYTES is read at each upload, not once at import."""
    inspector = world.lanshan["inspector"]
    inspection = started(world.lanshan, world.inst_lanshan)
    settings.FINSUP_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ApplicationError) as error:
        upload(inspector, inspection, b"eleven byte")
    assert error.value.field == "file"
    assert upload(inspector, inspection, b"ten bytes!").size == 10
    assert EvidenceFile.objects.count() == 1


def test_institution_users_read_rectification_evidence_not_working_papers(world):
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    paper = upload(world.lanshan["inspector"], inspection, b"paper")
    finding = inspection.findings.get()
    report = s.rectification_submit(
        by=world.clerk_lanshan_inst,
        finding=finding,
        text="已整改。",
        files=[ContentFile(b"board minutes", name="董事会决议.pdf")],
    )
    own = report.evidence.get()
    assert own.origin == "rectification" and s.evidence_verify(evidence=own)
    assert s.evidence_read(actor=world.clerk_lanshan_inst, evidence_id=own.pk)[1] == b"board minutes"
    with pytest.raises(NotFound):
        s.evidence_read(actor=world.clerk_lanshan_inst, evidence_id=paper.pk)
    with pytest.raises(NotFound):
        s.evidence_read(actor=world.clerk_luozhuang_inst, evidence_id=own.pk)
    with pytest.raises(NotFound):
        s.evidence_read(actor=world.luozhuang["inspector"], evidence_id=paper.pk)
    assert s.evidence_read(actor=world.city["auditor"], evidence_id=paper.pk)[1] == b"paper"
