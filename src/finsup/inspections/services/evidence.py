"""Working papers and evidence files: stored once under MEDIA_ROOT with their SHA-256, never
overwritten (each upload is a new row and a new file), and verified whenever they are read."""

from __future__ import annotations

import hashlib
import os
import uuid

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.accounts.policies import Action, require
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, NotFound

from ..choices import EvidenceOrigin, InspectionStatus
from ..errors import Code
from ..models import EvidenceFile, Inspection
from .common import NOT_THE_INSTITUTION, OUTSIDE, lock_inspection

_CHUNK = 1024 * 1024
# Working papers are collected on site and until the rectification is closed.
_COLLECTING = (
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.FACT_CONFIRMATION,
    InspectionStatus.REPORTED,
    InspectionStatus.RECTIFICATION,
)


def _digest(handle) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def _safe_name(name: str) -> str:
    base = os.path.basename(name or "").strip() or "file"
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in base)[-80:]


def store_evidence(*, inspection: Inspection, file, by, origin: str, description: str = "") -> EvidenceFile:
    """Writes the file under a fresh name (a new upload never replaces a stored one) and the row.
    The caller holds the inspection lock and has checked the actor's right."""
    original = os.path.basename(getattr(file, "name", "") or "") or "file"
    file.seek(0)
    sha256, size = _digest(file)
    if size == 0:
        raise ApplicationError(_("The file is empty."), field="file", code=Code.FILE_EMPTY)
    if size > settings.FINSUP_EVIDENCE_MAX_BYTES:
        raise ApplicationError(_("The file is too large."), field="file", code=Code.FILE_TOO_LARGE)
    file.seek(0)
    path = f"inspections/{inspection.pk}/{uuid.uuid4().hex}_{_safe_name(original)}"
    stored = default_storage.save(path, File(file, name=original))
    if stored != path:  # the storage would have renamed rather than overwrite: keep the name we chose
        default_storage.delete(stored)
        raise ApplicationError(_("The file could not be stored; try again."), field="file", code=Code.FILE_NOT_STORED)
    # Should the transaction roll back, the file stays as an orphan: never a lost or replaced one.
    evidence = EvidenceFile.objects.create(
        inspection=inspection,
        origin=origin,
        file=stored,
        original_name=original[:255],
        sha256=sha256,
        size=size,
        description=description.strip()[:300],
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=evidence,
        changes={"original_name": [None, evidence.original_name], "sha256": [None, sha256], "size": [None, size]},
    )
    return evidence


@transaction.atomic
def evidence_upload(*, by, inspection: Inspection, file, description: str = "") -> EvidenceFile:
    """A working paper or evidence file collected by the team."""
    inspection = lock_inspection(inspection)
    require(by, Action.INSPECTION_RUN, office=inspection.office, denied=OUTSIDE)
    if inspection.status not in _COLLECTING:
        raise InvalidTransition(
            _("Evidence is collected once the inspection has started and until it closes."), code=Code.EVIDENCE_CLOSED
        )
    return store_evidence(
        inspection=inspection, file=file, by=by, origin=EvidenceOrigin.INSPECTION, description=description
    )


def evidence_verify(*, evidence: EvidenceFile) -> bool:
    """Whether the stored file is still the one uploaded (same SHA-256 and size)."""
    try:
        with default_storage.open(evidence.file.name, "rb") as handle:
            sha256, size = _digest(handle)
    except FileNotFoundError:
        return False
    return sha256 == evidence.sha256 and size == evidence.size


def evidence_read(*, actor, evidence_id: int) -> tuple[EvidenceFile, bytes]:
    """The file's content for a user who may see it, after its checksum is verified."""
    evidence = EvidenceFile.objects.for_user(actor).filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(_("No such file."), code=Code.FILE_MISSING)
    if actor.institution_id:
        require(
            actor, Action.RECTIFICATION_FILE, institution=evidence.inspection.institution, denied=NOT_THE_INSTITUTION
        )
    else:
        require(actor, Action.INSPECTION_VIEW, office=evidence.inspection.institution.county, denied=OUTSIDE)
    if not evidence_verify(evidence=evidence):
        audit_record(action=AuditAction.REJECTED, obj=evidence, changes={"sha256": [evidence.sha256, "mismatch"]})
        raise ApplicationError(
            _("The stored file no longer matches its checksum; it has been altered or lost."),
            code=Code.EVIDENCE_CORRUPT,
        )
    with default_storage.open(evidence.file.name, "rb") as handle:
        return evidence, handle.read()
