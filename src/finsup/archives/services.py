"""Archiving a closed matter: one atomic, audited step. The matter's row is locked, its files are
read and checked against the SHA-256 their apps stored and the audit trail recorded, the next
archive number of the office and year is taken under a row lock on the counter (no gaps, no
duplicates: a failure rolls the number back with everything else), and the entry and its items
are written once; the tables refuse any later change.

Who archives: staff of the matter's own office whose role has ARCHIVE_FILE (leaders, lead
supervisors, and clerks as the office's 档案员; finsup.accounts.policies). An office above may read
the entry but does not archive a lower office's matter: each office keeps its own records (全宗)."""

from __future__ import annotations

import hashlib
import json
import re

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.accounts.policies import Action, can, require
from finsup.audit.choices import AuditAction
from finsup.audit.selectors import recorded_values
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError, InvalidTransition, NotFound, OutOfScope, PermissionDenied
from finsup.documents.selectors import final_document_files, open_document_count

from .choices import ItemRole
from .errors import Code
from .models import ArchiveCounter, ArchiveEntry, ArchiveItem
from .registry import Matter, MatterKind, matter_kind

NUMBER = "{office}-{year}-{retention}-{seq:04d}"
DOCUMENT_TYPE, DOCUMENT_KEY = "documents.officialdocument", "pdf_sha256"
DENIED = gettext_lazy("Only the office's leaders, lead supervisors and clerks may archive a matter.")
OUTSIDE = gettext_lazy("This matter is outside your jurisdiction.")


def kind_or_404(key: str) -> MatterKind:
    kind = matter_kind(key)
    if kind is None:
        raise NotFound(_("No such kind of matter."), code=Code.UNKNOWN_MATTER_KIND)
    return kind


def may_archive(user, matter: Matter) -> bool:
    """Whether `user` may archive `matter` (its state aside): the role, and the matter's own office."""
    return can(user, Action.ARCHIVE_FILE) and user.office_id == matter.office.pk


@transaction.atomic
def matter_archive(*, by, kind: str, pk: int) -> ArchiveEntry:
    """Archives the closed matter `kind`:`pk`; refused, with nothing changed, for an open one."""
    matter_kind_ = kind_or_404(kind)
    if not matter_kind_.visible(by, pk):
        raise OutOfScope(str(OUTSIDE))
    matter = matter_kind_.load(pk, lock=True)
    if matter is None:
        raise NotFound(_("No such matter."), code=Code.MATTER_NOT_FOUND)
    _check_archivable(by=by, kind=kind, matter=matter)
    items = _collect(matter)
    year = timezone.localtime(matter.closed_at).year
    seq = _next_serial(matter.office, year)
    entry = ArchiveEntry(
        office=matter.office,
        kind=kind,
        object_id=pk,
        number=NUMBER.format(office=matter.office.code, year=year, retention=matter.retention, seq=seq),
        year=year,
        seq=seq,
        retention=matter.retention,
        title=matter.title[:300],
        reference=matter.reference[:100],
        institution_name=matter.institution_name[:200],
        closed_at=matter.closed_at,
        archived_by=by,
        archived_at=clock.now(),
    )
    manifest_sha256 = hashlib.sha256(manifest_bytes(entry, items)).hexdigest()
    entry.manifest_sha256 = manifest_sha256
    entry.save(force_insert=True)
    for item in items:
        item.entry = entry
        item.save(force_insert=True)
    audit_record(
        action=AuditAction.CREATE,
        obj=entry,
        changes={
            "number": [None, entry.number],
            "retention": [None, entry.retention],
            "kind": [None, kind],
            "object_id": [None, pk],
            "title": [None, entry.title],
            "files": [None, len(items)],
            "manifest_sha256": [None, manifest_sha256],
        },
    )
    return entry


def _check_archivable(*, by, kind: str, matter: Matter) -> None:
    """Refuses, before anything is written: the wrong role or office, an archived, open or unsigned matter."""
    require(by, Action.ARCHIVE_FILE, office=matter.office, denied=DENIED, outside=OUTSIDE)
    if by.office_id != matter.office.pk:
        raise PermissionDenied(
            _("Only the office that handled this matter ({office}) archives it.").format(office=matter.office.name),
            code=Code.NOT_THE_MATTERS_OFFICE,
        )
    if ArchiveEntry.objects.filter(kind=kind, object_id=matter.pk).exists():
        raise InvalidTransition(_("This matter is already archived."), code=Code.ALREADY_ARCHIVED)
    if not matter.closed or matter.closed_at is None:
        raise InvalidTransition(
            _("“{title}” is not closed yet: a matter is archived only once it is closed or decided.").format(
                title=matter.title
            ),
            code=Code.MATTER_OPEN,
        )
    waiting = open_document_count(subject=matter.subject)
    if waiting:
        raise InvalidTransition(
            _(
                "“{title}” has {count} document(s) still awaiting their check or sign-off: a matter is archived "
                "with its documents signed off."
            ).format(title=matter.title, count=waiting),
            code=Code.DOCUMENTS_NOT_SIGNED_OFF,
        )


def manifest_bytes(entry: ArchiveEntry, items) -> bytes:
    """The package's manifest.json: the entry and each file with its SHA-256, canonical JSON (the
    entry keeps its SHA-256, so a changed manifest is noticed)."""
    manifest = {
        "archive_number": entry.number,
        "office": entry.office.code,
        "kind": entry.kind,
        "object_id": entry.object_id,
        "title": entry.title,
        "retention": entry.retention,
        "closed_at": timezone.localtime(entry.closed_at).isoformat(),
        "archived_at": timezone.localtime(entry.archived_at).isoformat(),
        "items": [
            {
                "position": i.position,
                "name": i.name,
                "title": i.title,
                "number": i.doc_number,
                "sha256": i.sha256,
                "size": i.size,
                "source": f"{i.source_type}:{i.source_id}",
                "audit_seq": i.audit_seq,
            }
            for i in items
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _next_serial(office, year: int) -> int:
    ArchiveCounter.objects.bulk_create([ArchiveCounter(office=office, year=year, last=0)], ignore_conflicts=True)
    counter = ArchiveCounter.objects.select_for_update().get(office=office, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _collect(matter: Matter) -> list[ArchiveItem]:
    """The matter's files in catalogue order (official documents, then attachments), each read and
    checked: a file that no longer matches the SHA-256 stored with it, or recorded in the audit
    trail, is refused (a damaged record is not archived as if it were whole)."""
    documents = final_document_files(subject=matter.subject)
    doc_audit = recorded_values(object_type=DOCUMENT_TYPE, object_ids=[d.id for d in documents], key=DOCUMENT_KEY)
    items: list[ArchiveItem] = []
    for d in documents:
        content = _read(d.pdf)
        label = d.number or d.title
        _check(label, hashlib.sha256(content).hexdigest(), d.pdf_sha256, doc_audit.get(str(d.id)))
        items.append(
            ArchiveItem(
                position=len(items) + 1,
                role=ItemRole.DOCUMENT,
                name=f"documents/{len(items) + 1:02d}-{safe_name(d.number or d.title)}.pdf",
                title=d.title,
                doc_number=d.number,
                date=timezone.localtime(d.finalised_at).date(),
                pages=pdf_pages(content),
                size=len(content),
                sha256=d.pdf_sha256,
                path=d.pdf,
                source_type=DOCUMENT_TYPE,
                source_id=str(d.id),
                audit_key=DOCUMENT_KEY,
                audit_seq=_seq(doc_audit.get(str(d.id))),
            )
        )
    audits: dict[tuple[str, str], dict] = {}
    for n, a in enumerate(matter.attachments, start=1):
        key = (a.audit_type, a.audit_key)
        if key not in audits:
            ids = [x.audit_id for x in matter.attachments if (x.audit_type, x.audit_key) == key]
            audits[key] = recorded_values(object_type=a.audit_type, object_ids=ids, key=a.audit_key)
        recorded = audits[key].get(str(a.audit_id))
        content = _read(a.path)
        _check(a.name, hashlib.sha256(content).hexdigest(), a.sha256, recorded)
        items.append(
            ArchiveItem(
                position=len(items) + 1,
                role=ItemRole.ATTACHMENT,
                name=f"attachments/{n:03d}-{safe_name(a.name)}",
                title=a.title or a.name,
                date=a.date,
                pages=pdf_pages(content) if a.name.lower().endswith(".pdf") else None,
                size=len(content),
                sha256=a.sha256,
                path=a.path,
                source_type=a.audit_type,
                source_id=str(a.audit_id),
                audit_key=a.audit_key,
                audit_seq=_seq(recorded),
            )
        )
    return items


def _seq(recorded) -> int | None:
    return recorded.seq if recorded is not None else None


def _check(label: str, actual: str, stored: str, recorded) -> None:
    if actual != stored or (recorded is not None and (recorded.value != stored or not recorded.intact)):
        raise ApplicationError(
            _("The file “{name}” no longer matches the SHA-256 recorded for it; the matter cannot be archived.").format(
                name=label
            ),
            code=Code.FILE_ALTERED,
        )


def _read(name: str) -> bytes:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ApplicationError(
            _("The file “{name}” is missing from the store; the matter cannot be archived.").format(name=name),
            code=Code.FILE_ALTERED,
        ) from None


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(name: str) -> str:
    """A file name for the package: no folders, no characters a file system refuses, at most 100."""
    return _UNSAFE.sub("_", name).strip(" .")[-100:] or "file"


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(content: bytes) -> int | None:
    """The number of pages of a PDF as its page objects count them (None if it names none)."""
    return len(_PAGE.findall(content)) or None
